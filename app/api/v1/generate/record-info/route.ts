// GET /api/v1/generate/record-info?taskId=… – a music task's status and results (Music API).
import { recordInfoQuerySchema } from "@/lib/contracts/music";
import { musicNotFound } from "@/lib/http/dialects";
import { createRoute } from "@/lib/http/route";
import { musicGate } from "@/lib/music/limits";
import { recordInfo } from "@/lib/music/service";

export const GET = createRoute({
  auth: "apiKey",
  dialect: "music",
  guard: musicGate,
  query: recordInfoQuerySchema,
  handler: ({ query, principal }) => recordInfo(principal.team.id, query.taskId),
});
export { musicNotFound as POST, musicNotFound as PUT, musicNotFound as PATCH, musicNotFound as DELETE };
