// PATCH /api/admin/users/:id – disable/enable a user or change their role.
import { updateUserSchema } from "@/lib/contracts/account";
import { withAdmin } from "@/lib/http/with-session";
import { updateUserFlags } from "@/lib/users/service";

export const PATCH = withAdmin(async ({ user, params, body }) => ({ user: await updateUserFlags(user.id, params.id, body) }), {
  body: updateUserSchema,
});
