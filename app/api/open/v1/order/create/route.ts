// POST /api/open/v1/order/create – create an order (Open API v1). Optional Idempotency-Key header.
import { createOrderSchema } from "@/lib/contracts/orders";
import { openOk, withOpenApi } from "@/lib/http/with-open-api";
import { createOrder } from "@/lib/orders/service";

export const POST = withOpenApi(
  async ({ req, body, principal }) =>
    openOk(await createOrder({ userId: principal.user.id, teamId: principal.team.id }, body, req.headers.get("idempotency-key"))),
  { body: createOrderSchema },
);
