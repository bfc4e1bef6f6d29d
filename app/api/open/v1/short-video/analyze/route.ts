// POST /api/open/v1/short-video/analyze – parse a short-video share link (Open API v1, section 3).
// Charged at once, only on success; the same link again within SHORT_VIDEO_REUSE_HOURS answers the
// team's earlier result uncharged. Extension fields: platform, images, headers, reused. A platform that
// fails is an upstream failure: the dialect answers it with the spec's 500.
import { shortVideoAnalyzeSchema } from "@/lib/contracts/short-video";
import { createRoute } from "@/lib/http/route";
import { analyzeShortVideo } from "@/lib/short-video/service";

export const POST = createRoute({
  auth: "apiKey",
  dialect: "open",
  body: shortVideoAnalyzeSchema,
  handler: async ({ body, principal }) => {
    const r = await analyzeShortVideo({ userId: principal.user.id, teamId: principal.team.id }, body.link);
    return {
      title: r.title,
      author: r.author,
      cover: r.cover,
      videoUrl: r.videoUrl,
      musicUrl: r.musicUrl,
      balance: r.balance,
      platform: r.platform,
      reused: r.reused,
      ...(r.images ? { images: r.images } : {}),
      ...(r.headers ? { headers: r.headers } : {}),
    };
  },
});
