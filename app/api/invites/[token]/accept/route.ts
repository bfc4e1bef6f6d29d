// POST /api/invites/:token/accept – the signed-in user joins the invite's team.
import { withSession } from "@/lib/http/with-session";
import { joinByInvite } from "@/lib/teams/service";

export const POST = withSession(async ({ user, params }) => ({ team: await joinByInvite(user.id, params.token) }));
