// POST /api/invites/:token/accept – the signed-in user joins the invite's team.
import { createRoute } from "@/lib/http/route";
import { joinByInvite } from "@/lib/teams/service";

export const POST = createRoute({
  auth: "session",
  handler: async ({ user, params }) => ({ team: await joinByInvite(user.id, params.token) }),
});
