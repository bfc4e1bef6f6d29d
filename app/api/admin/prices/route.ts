// GET /api/admin/prices – price of each order type; PUT – change them (admin).
import { updatePricesSchema } from "@/lib/contracts/orders";
import { createRoute } from "@/lib/http/route";
import { listPrices, updatePrices } from "@/lib/orders/pricing";

export const GET = createRoute({ auth: "admin", handler: async () => ({ prices: await listPrices() }) });

export const PUT = createRoute({
  auth: "admin",
  body: updatePricesSchema,
  handler: async ({ user, body }) => ({ prices: await updatePrices(user.id, body.prices) }),
});
