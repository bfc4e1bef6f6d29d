// POST /v1/add_captions {draft_url, captions, style?} → {draft_url, track_id, text_ids, segment_ids, segment_infos, warnings?}
import { addCaptionsSchema } from "@/lib/contracts/drafts";
import { addCaptions } from "@/lib/drafts/captions";
import { createRoute } from "@/lib/http/route";

export const POST = createRoute({
  auth: "apiKey",
  dialect: "draft",
  body: addCaptionsSchema,
  handler: ({ body, principal }) =>
    addCaptions({ userId: principal.user.id, teamId: principal.team.id }, body.draft_url, body.captions, body.style),
});
