// POST /v1/add_audios {draft_url, audio_infos} → {draft_url, track_id, track_ids, audio_ids, warnings?}
import { addAudiosSchema } from "@/lib/contracts/drafts";
import { addAudios } from "@/lib/drafts/service";
import { createRoute } from "@/lib/http/route";

export const POST = createRoute({
  auth: "apiKey",
  dialect: "draft",
  body: addAudiosSchema,
  handler: ({ body, principal }) =>
    addAudios({ userId: principal.user.id, teamId: principal.team.id }, body.draft_url, body.audio_infos),
});
