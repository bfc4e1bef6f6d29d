// POST /api/teams – create a team; its creator owns it and works in it from now on.
import { createTeamSchema } from "@/lib/contracts/account";
import { createRoute } from "@/lib/http/route";
import { createTeam } from "@/lib/teams/service";

export const POST = createRoute({
  auth: "session",
  body: createTeamSchema,
  status: 201,
  handler: async ({ user, body }) => ({ team: await createTeam(user.id, body.name) }),
});
