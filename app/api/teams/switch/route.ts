// POST /api/teams/switch – make another of the user's teams the current one.
import { switchTeamSchema } from "@/lib/contracts/account";
import { withSession } from "@/lib/http/with-session";
import { switchTeam } from "@/lib/teams/service";

export const POST = withSession(async ({ user, body }) => ({ team: await switchTeam(user.id, body.teamId) }), {
  body: switchTeamSchema,
});
