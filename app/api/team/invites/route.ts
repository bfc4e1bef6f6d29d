// POST /api/team/invites – an owner makes an invite link for the current team.
import { createInviteSchema } from "@/lib/contracts/account";
import { createRoute } from "@/lib/http/route";
import { createInvite } from "@/lib/teams/service";

export const POST = createRoute({
  auth: "session",
  body: createInviteSchema,
  status: 201,
  handler: ({ user, body }) => createInvite(user.id, user.team.id, body.days, body.maxUses),
});
