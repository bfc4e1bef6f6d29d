// GET /api/admin/users – every user with balances, for administrators.
import { adminUserListSchema } from "@/lib/contracts/account";
import { createRoute } from "@/lib/http/route";
import { listUsers } from "@/lib/users/service";

export const GET = createRoute({ auth: "admin", query: adminUserListSchema, handler: ({ query }) => listUsers(query) });
