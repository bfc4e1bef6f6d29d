// POST /api/open/v1/short-video/analyze – parse a short-video share link (Open API v1, section 3).
// Charged at once, only on success. Extension fields: platform, images, headers.
import { shortVideoAnalyzeSchema } from "@/lib/contracts/short-video";
import { openEnvelope, openOk, withOpenApi } from "@/lib/http/with-open-api";
import { ShortVideoError } from "@/lib/short-video";
import { analyzeShortVideo } from "@/lib/short-video/service";

export const POST = withOpenApi(
  async ({ body, principal }) => {
    try {
      const r = await analyzeShortVideo({ userId: principal.user.id, teamId: principal.team.id }, body.link);
      return openOk({
        title: r.title,
        author: r.author,
        cover: r.cover,
        videoUrl: r.videoUrl,
        musicUrl: r.musicUrl,
        balance: r.balance,
        platform: r.platform,
        ...(r.images ? { images: r.images } : {}),
        ...(r.headers ? { headers: r.headers } : {}),
      });
    } catch (error) {
      if (error instanceof ShortVideoError) {
        return error.kind === "input" ? openEnvelope(400, 400, null, error.message) : openEnvelope(500, 500, null, error.message);
      }
      throw error;
    }
  },
  { body: shortVideoAnalyzeSchema },
);
