// GET /api/admin/usage/export?from=&to= – the usage report as CSV: one row per day, type, team and user (admin).
import { usageCsv } from "@/lib/billing/usage";
import { usageQuerySchema } from "@/lib/contracts/credits";
import { createRoute } from "@/lib/http/route";

export const GET = createRoute({
  auth: "admin",
  query: usageQuerySchema,
  handler: async ({ query }) =>
    new Response(await usageCsv(query), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="mixdesk-usage-${query.from}-${query.to}.csv"`,
        "cache-control": "private, no-store",
      },
    }),
});
