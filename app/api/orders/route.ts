// GET /api/orders – the team's order history (filters, pagination); POST – create from the browser.
import { createOrderSchema, orderListSchema } from "@/lib/contracts/orders";
import { json, withSession } from "@/lib/http/with-session";
import { createOrder, listOrders } from "@/lib/orders/service";

export const GET = withSession(async ({ user, query }) => listOrders(user.team.id, query), { query: orderListSchema });

export const POST = withSession(
  async ({ req, user, body }) =>
    json(await createOrder({ userId: user.id, teamId: user.team.id }, body, req.headers.get("idempotency-key")), 201),
  { body: createOrderSchema },
);
