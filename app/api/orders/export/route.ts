// GET /api/orders/export – the filtered team history as CSV.
import { orderListSchema } from "@/lib/contracts/orders";
import { createRoute } from "@/lib/http/route";
import { exportOrdersCsv } from "@/lib/orders/service";

export const GET = createRoute({
  auth: "session",
  query: orderListSchema,
  handler: async ({ user, query }) =>
    new Response(await exportOrdersCsv(user.team.id, query), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="mixdesk-orders-${new Date().toISOString().slice(0, 10)}.csv"`,
        "cache-control": "private, no-store",
      },
    }),
});
