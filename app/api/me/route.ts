// GET /api/me – the signed-in user, their balance and teams.
import { createRoute } from "@/lib/http/route";
import { meOverview } from "@/lib/users/account";

export const GET = createRoute({ auth: "session", handler: ({ user }) => meOverview(user) });
