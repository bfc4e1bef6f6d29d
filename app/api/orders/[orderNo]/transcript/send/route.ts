// POST /api/orders/:orderNo/transcript/send {draftId, clipId?, offsetUs?, style?} – the latest transcript as a caption track of a draft.
import { sendToDraftSchema } from "@/lib/contracts/transcripts";
import { createRoute } from "@/lib/http/route";
import { sendTranscriptToDraft } from "@/lib/transcripts/send-to-draft";

export const POST = createRoute({
  auth: "session",
  body: sendToDraftSchema,
  handler: ({ user, params, body }) =>
    sendTranscriptToDraft({ userId: user.id, teamId: user.team.id }, params.orderNo, body),
});
