// DELETE /api/team/invites/:id – revoke an invite link.
import { withSession } from "@/lib/http/with-session";
import { revokeInvite } from "@/lib/teams/service";

export const DELETE = withSession(async ({ user, params }) => ({
  invite: await revokeInvite(user.id, user.team.id, params.id),
}));
