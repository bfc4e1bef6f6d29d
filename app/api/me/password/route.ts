// POST /api/me/password {currentPassword, newPassword} – change one's own password; other sessions end.
import { changePasswordSchema } from "@/lib/contracts/credits";
import { createRoute } from "@/lib/http/route";
import { changeOwnPassword } from "@/lib/users/passwords";

export const POST = createRoute({
  auth: "session",
  body: changePasswordSchema,
  handler: ({ user, body }) => changeOwnPassword(user, body),
});
