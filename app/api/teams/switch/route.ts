// POST /api/teams/switch – make another of the user's teams the current one.
import { switchTeamSchema } from "@/lib/contracts/account";
import { createRoute } from "@/lib/http/route";
import { switchTeam } from "@/lib/teams/service";

export const POST = createRoute({
  auth: "session",
  body: switchTeamSchema,
  handler: async ({ user, body }) => ({ team: await switchTeam(user.id, body.teamId) }),
});
