// POST /api/signup – create an account (the first one on a fresh install is the admin).
import { signUpSchema } from "@/lib/contracts/account";
import { json, withPublic } from "@/lib/http/with-session";
import { signUp } from "@/lib/users/service";

export const POST = withPublic(async ({ body }) => json({ user: await signUp(body) }, 201), { body: signUpSchema });
