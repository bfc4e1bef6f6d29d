// POST /api/signup – create an account (the first one on a fresh install is the admin).
import { signUpSchema } from "@/lib/contracts/account";
import { createRoute } from "@/lib/http/route";
import { signUp } from "@/lib/users/service";

export const POST = createRoute({
  auth: "public",
  body: signUpSchema,
  status: 201,
  handler: async ({ body }) => ({ user: await signUp(body) }),
});
