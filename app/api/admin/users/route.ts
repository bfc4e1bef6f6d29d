// GET /api/admin/users – every user with balances, for administrators.
import { adminUserListSchema } from "@/lib/contracts/account";
import { withAdmin } from "@/lib/http/with-session";
import { listUsers } from "@/lib/users/service";

export const GET = withAdmin(async ({ query }) => listUsers(query), { query: adminUserListSchema });
