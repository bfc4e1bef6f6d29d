// GET /api/v1/generate/record-info?taskId=… – a music task's status and results (Music API).
import { musicNotFound, musicOk, withMusicApi } from "@/lib/http/with-music-api";
import { recordInfo } from "@/lib/music/service";

export const GET = withMusicApi(async ({ query, principal }) => musicOk(await recordInfo(principal.team.id, query.taskId)));
export { musicNotFound as POST, musicNotFound as PUT, musicNotFound as PATCH, musicNotFound as DELETE };
