// GET /api/short-video/<id>/media?kind=video|music|cover|image&index=0&download=1 – the media of a
// team parse, fetched with the stored Referer/UA through the SSRF-safe fetcher and streamed.
import { mediaQuerySchema } from "@/lib/contracts/short-video";
import { createRoute } from "@/lib/http/route";
import { proxyMedia } from "@/lib/short-video/browser";

export const GET = createRoute({
  auth: "session",
  query: mediaQuerySchema,
  handler: ({ user, params, query }) =>
    proxyMedia(user.team.id, params.id, query.kind, query.index, query.download === "1"),
});
