// DELETE /api/team/invites/:id – revoke an invite link.
import { createRoute } from "@/lib/http/route";
import { revokeInvite } from "@/lib/teams/service";

export const DELETE = createRoute({
  auth: "session",
  handler: async ({ user, params }) => ({ invite: await revokeInvite(user.id, user.team.id, params.id) }),
});
