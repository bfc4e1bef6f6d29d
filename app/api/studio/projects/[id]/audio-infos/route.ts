// GET /api/studio/projects/<id>/audio-infos – add_audios' audio_infos for the project, with signed media URLs (1 hour).
import { createRoute } from "@/lib/http/route";
import { projectAudioInfos } from "@/lib/studio/audio-infos";

export const GET = createRoute({
  auth: "session",
  handler: ({ user, params }) => projectAudioInfos(user.team.id, params.id),
});
