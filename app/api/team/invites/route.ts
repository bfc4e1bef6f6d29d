// POST /api/team/invites – an owner makes an invite link for the current team.
import { createInviteSchema } from "@/lib/contracts/account";
import { json, withSession } from "@/lib/http/with-session";
import { createInvite } from "@/lib/teams/service";

export const POST = withSession(
  async ({ user, body }) => json(await createInvite(user.id, user.team.id, body.days, body.maxUses), 201),
  { body: createInviteSchema },
);
