// GET /api/admin/prices – price of each order type; PUT – change them (admin).
import { updatePricesSchema } from "@/lib/contracts/orders";
import { withAdmin } from "@/lib/http/with-session";
import { listPrices, updatePrices } from "@/lib/orders/pricing";

export const GET = withAdmin(async () => ({ prices: await listPrices() }));

export const PUT = withAdmin(async ({ user, body }) => ({ prices: await updatePrices(user.id, body.prices) }), {
  body: updatePricesSchema,
});
