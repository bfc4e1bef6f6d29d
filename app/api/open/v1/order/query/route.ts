// GET /api/open/v1/order/query?orderNo=… – status and results; the first query after finish charges.
import { queryOrderSchema } from "@/lib/contracts/orders";
import { createRoute } from "@/lib/http/route";
import { queriedOrder, queryOrder } from "@/lib/orders/service";

export const GET = createRoute({
  auth: "apiKey",
  dialect: "open",
  query: queryOrderSchema,
  // The order is read in the key lookup's statement: one round trip for both.
  keyed: (query) => queriedOrder(query.orderNo),
  handler: ({ query, principal, keyed }) =>
    queryOrder(
      { userId: principal.user.id, teamId: principal.team.id, balance: principal.user.balance },
      query.orderNo,
      keyed,
    ),
});
