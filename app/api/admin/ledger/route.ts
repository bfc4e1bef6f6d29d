// GET /api/admin/ledger – ledger entries, newest first, filtered by user, kind and days.
import { listLedger } from "@/lib/billing/history";
import { ledgerListSchema } from "@/lib/contracts/credits";
import { createRoute } from "@/lib/http/route";

export const GET = createRoute({ auth: "admin", query: ledgerListSchema, handler: ({ query }) => listLedger(query) });
