// GET /api/admin/ledger – ledger entries, newest first, optionally for one user.
import { listLedger } from "@/lib/billing/admin";
import { ledgerListSchema } from "@/lib/contracts/account";
import { withAdmin } from "@/lib/http/with-session";

export const GET = withAdmin(async ({ query }) => listLedger(query), { query: ledgerListSchema });
