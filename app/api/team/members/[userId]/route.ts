// PATCH /api/team/members/:userId – an owner changes a member's role in the current team.
// DELETE /api/team/members/:userId – an owner removes someone from the current team.
import { updateMemberSchema } from "@/lib/contracts/account";
import { withSession } from "@/lib/http/with-session";
import { changeMemberRole, removeMember } from "@/lib/teams/service";

export const PATCH = withSession(
  async ({ user, params, body }) => ({ member: await changeMemberRole(user.id, user.team.id, params.userId, body.role) }),
  { body: updateMemberSchema },
);

export const DELETE = withSession(async ({ user, params }) => ({
  member: await removeMember(user.id, user.team.id, params.userId),
}));
