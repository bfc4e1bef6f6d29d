// GET /api/admin/ledger/export – the filtered ledger as CSV, streamed (admin).
import { ledgerCsvLines, textStream } from "@/lib/billing/history";
import { ledgerFilterSchema } from "@/lib/contracts/credits";
import { createRoute } from "@/lib/http/route";

export const GET = createRoute({
  auth: "admin",
  query: ledgerFilterSchema,
  handler: ({ query }) =>
    new Response(textStream(ledgerCsvLines(query)), {
      headers: {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="mixdesk-ledger-${new Date().toISOString().slice(0, 10)}.csv"`,
        "cache-control": "private, no-store",
      },
    }),
});
