// GET /api/open/v1/order/query?orderNo=… – status and results; the first query after finish charges.
import { queryOrderSchema } from "@/lib/contracts/orders";
import { createRoute } from "@/lib/http/route";
import { queryOrder } from "@/lib/orders/service";

export const GET = createRoute({
  auth: "apiKey",
  dialect: "open",
  query: queryOrderSchema,
  handler: ({ query, principal }) =>
    queryOrder(
      { userId: principal.user.id, teamId: principal.team.id, balance: principal.user.balance },
      query.orderNo,
    ),
});
