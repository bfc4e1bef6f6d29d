// GET /api/admin/ledger – ledger entries, newest first, optionally for one user.
import { listLedger } from "@/lib/billing/admin";
import { ledgerListSchema } from "@/lib/contracts/account";
import { createRoute } from "@/lib/http/route";

export const GET = createRoute({ auth: "admin", query: ledgerListSchema, handler: ({ query }) => listLedger(query) });
