// GET /api/open/v1/order/query?orderNo=… – status and results; the first query after finish charges.
import { queryOrderSchema } from "@/lib/contracts/orders";
import { openOk, withOpenApi } from "@/lib/http/with-open-api";
import { queryOrder } from "@/lib/orders/service";

export const GET = withOpenApi(
  async ({ query, principal }) => openOk(await queryOrder({ userId: principal.user.id, teamId: principal.team.id }, query.orderNo)),
  { query: queryOrderSchema },
);
