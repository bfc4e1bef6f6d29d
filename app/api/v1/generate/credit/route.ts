// GET /api/v1/generate/credit – the key owner's credit balance as an integer (Music API).
import { musicNotFound } from "@/lib/http/dialects";
import { createRoute } from "@/lib/http/route";
import { musicGate } from "@/lib/music/limits";
import { creditOf } from "@/lib/music/service";

export const GET = createRoute({
  auth: "apiKey",
  dialect: "music",
  guard: musicGate,
  handler: ({ principal }) => creditOf(principal.user.id),
});
export { musicNotFound as POST, musicNotFound as PUT, musicNotFound as PATCH, musicNotFound as DELETE };
