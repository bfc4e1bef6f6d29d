// POST /api/v1/generate/upload-extend – submit a Suno-style upload-and-extend task (Music API).
// The body is checked field by field by the service (lib/music/validate.ts), in the document's order.
import { z } from "zod";
import { musicNotFound } from "@/lib/http/dialects";
import { createRoute } from "@/lib/http/route";
import { musicGate } from "@/lib/music/limits";
import { submitUploadExtend } from "@/lib/music/service";

export const POST = createRoute({
  auth: "apiKey",
  dialect: "music",
  guard: musicGate,
  body: z.unknown(),
  handler: ({ body, principal }) =>
    submitUploadExtend({ userId: principal.user.id, teamId: principal.team.id, apiKeyId: principal.apiKeyId }, body),
});
export { musicNotFound as GET, musicNotFound as PUT, musicNotFound as PATCH, musicNotFound as DELETE };
