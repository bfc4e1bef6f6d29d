// PATCH /api/admin/users/:id – disable/enable a user or change their role.
import { updateUserSchema } from "@/lib/contracts/account";
import { createRoute } from "@/lib/http/route";
import { updateUserFlags } from "@/lib/users/service";

export const PATCH = createRoute({
  auth: "admin",
  body: updateUserSchema,
  handler: async ({ user, params, body }) => ({ user: await updateUserFlags(user.id, params.id, body) }),
});
