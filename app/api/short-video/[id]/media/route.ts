// GET /api/short-video/<id>/media?kind=video|music|cover|image&index=0&download=1 – the media of a
// team parse, fetched with the stored Referer/UA through the SSRF-safe fetcher and streamed.
import { badRequest } from "@/lib/errors";
import { withSession } from "@/lib/http/with-session";
import { MEDIA_KINDS, proxyMedia, type MediaKind } from "@/lib/short-video/browser";

export const GET = withSession(async ({ req, user, params }) => {
  const q = new URL(req.url).searchParams;
  const kind = q.get("kind") as MediaKind;
  if (!MEDIA_KINDS.includes(kind)) throw badRequest(`kind must be one of ${MEDIA_KINDS.join(", ")}`);
  const index = Math.max(0, Math.min(99, Number(q.get("index") ?? 0) || 0));
  return proxyMedia(user.team.id, params.id, kind, index, q.get("download") === "1");
});
