// POST /api/teams – create a team; its creator owns it and works in it from now on.
import { createTeamSchema } from "@/lib/contracts/account";
import { json, withSession } from "@/lib/http/with-session";
import { createTeam } from "@/lib/teams/service";

export const POST = withSession(
  async ({ user, body }) => json({ team: await createTeam(user.id, body.name) }, 201),
  { body: createTeamSchema },
);
