// POST /api/admin/users/:id/password {password?} – reset a user's password (random unless given,
// answered once); every session of theirs ends (admin).
import { resetPasswordSchema } from "@/lib/contracts/credits";
import { createRoute } from "@/lib/http/route";
import { resetPassword } from "@/lib/users/passwords";

export const POST = createRoute({
  auth: "admin",
  body: resetPasswordSchema,
  handler: async ({ params, body }) => {
    const result = await resetPassword(params.id, body.password);
    return new Response(JSON.stringify(result), {
      headers: { "content-type": "application/json", "cache-control": "no-store" },
    });
  },
});
