// PATCH /api/team/members/:userId – an owner changes a member's role in the current team.
// DELETE /api/team/members/:userId – an owner removes someone from the current team.
import { updateMemberSchema } from "@/lib/contracts/account";
import { createRoute } from "@/lib/http/route";
import { changeMemberRole, removeMember } from "@/lib/teams/service";

export const PATCH = createRoute({
  auth: "session",
  body: updateMemberSchema,
  handler: async ({ user, params, body }) => ({
    member: await changeMemberRole(user.id, user.team.id, params.userId, body.role),
  }),
});

export const DELETE = createRoute({
  auth: "session",
  handler: async ({ user, params }) => ({ member: await removeMember(user.id, user.team.id, params.userId) }),
});
