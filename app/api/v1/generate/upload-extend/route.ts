// POST /api/v1/generate/upload-extend – submit a Suno-style upload-and-extend task (Music API).
import { musicNotFound, musicOk, withMusicApi } from "@/lib/http/with-music-api";
import { submitUploadExtend } from "@/lib/music/service";

export const POST = withMusicApi(
  async ({ body, principal }) => musicOk(await submitUploadExtend({ userId: principal.user.id, teamId: principal.team.id, apiKeyId: principal.apiKeyId }, body)),
  { body: true },
);
export { musicNotFound as GET, musicNotFound as PUT, musicNotFound as PATCH, musicNotFound as DELETE };
