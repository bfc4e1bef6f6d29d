// POST /api/open/v1/order/create – create an order (Open API v1). Optional Idempotency-Key header.
import { createOrderSchema } from "@/lib/contracts/orders";
import { createRoute } from "@/lib/http/route";
import { createOrder } from "@/lib/orders/service";

export const POST = createRoute({
  auth: "apiKey",
  dialect: "open",
  body: createOrderSchema,
  handler: ({ req, body, principal }) =>
    createOrder({ userId: principal.user.id, teamId: principal.team.id }, body, req.headers.get("idempotency-key")),
});
