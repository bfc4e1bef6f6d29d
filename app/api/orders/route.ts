// GET /api/orders – the team's order history (filters, pagination); POST – create from the browser.
import { createOrderSchema, orderListSchema } from "@/lib/contracts/orders";
import { createRoute } from "@/lib/http/route";
import { createOrder, listOrders } from "@/lib/orders/service";

export const GET = createRoute({
  auth: "session",
  query: orderListSchema,
  handler: ({ user, query }) => listOrders(user.team.id, query),
});

export const POST = createRoute({
  auth: "session",
  body: createOrderSchema,
  status: 201,
  handler: ({ req, user, body }) =>
    createOrder({ userId: user.id, teamId: user.team.id }, body, req.headers.get("idempotency-key")),
});
