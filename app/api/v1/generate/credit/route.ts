// GET /api/v1/generate/credit – the key owner's credit balance as an integer (Music API).
import { musicNotFound, musicOk, withMusicApi } from "@/lib/http/with-music-api";
import { creditOf } from "@/lib/music/service";

export const GET = withMusicApi(async ({ principal }) => musicOk(await creditOf(principal.user.id)));
export { musicNotFound as POST, musicNotFound as PUT, musicNotFound as PATCH, musicNotFound as DELETE };
