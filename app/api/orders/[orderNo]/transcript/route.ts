// GET /api/orders/:orderNo/transcript – the latest transcript version, its history and the playable source;
// POST {baseVersion, segments} – save a correction as the next version (409 if someone saved first).
import { saveTranscriptSchema } from "@/lib/contracts/transcripts";
import { createRoute } from "@/lib/http/route";
import { saveTranscriptVersion, transcriptView } from "@/lib/transcripts/service";

export const GET = createRoute({
  auth: "session",
  handler: ({ user, params }) => transcriptView({ userId: user.id, teamId: user.team.id }, params.orderNo),
});

export const POST = createRoute({
  auth: "session",
  body: saveTranscriptSchema,
  status: 201,
  handler: ({ user, params, body }) =>
    saveTranscriptVersion({ userId: user.id, teamId: user.team.id }, params.orderNo, body.baseVersion, body.segments),
});
