// GET /api/admin/transcribe – extract-text server settings (never the key); PUT – change some (admin).
import { updateTranscribeSettingsSchema } from "@/lib/contracts/transcribe";
import { createRoute } from "@/lib/http/route";
import { getTranscribeSettings, updateTranscribeSettings } from "@/lib/transcripts/settings";

export const GET = createRoute({ auth: "admin", handler: () => getTranscribeSettings() });
export const PUT = createRoute({
  auth: "admin",
  body: updateTranscribeSettingsSchema,
  handler: ({ body, user }) => updateTranscribeSettings(user.id, body),
});
