// The Music API (Suno-style) route wrapper: API-key auth, maintenance switch, per-key rate limit,
// and the `{code, msg, data}` envelope. Every answer is HTTP 200 with the business code in the body
// (what sunoapi.org does and research/suno-extend.md §9 advises); the codes are sunoapi.org's table.
import { resolveApiKey, type ApiKeyPrincipal } from "@/lib/auth/api-keys";
import type { MusicCode } from "@/lib/contracts/music";
import { AppError } from "@/lib/errors";
import { MalformedBodyError, queryObject, readJson } from "@/lib/http/input";
import { MusicError } from "@/lib/music/errors";
import { takeMusicRequest } from "@/lib/music/limits";
import { MAINTENANCE_MESSAGE } from "@/lib/music/service";
import { getSettings } from "@/lib/music/settings";

export function musicEnvelope(code: MusicCode, msg: string, data: unknown = null): Response {
  return Response.json({ code, msg, data }, { status: 200, headers: { "cache-control": "no-store" } });
}

export const musicOk = (data: unknown) => musicEnvelope(200, "success", data);

/** Every failure of the dialect, mapped in one place. */
export function musicError(error: unknown): Response {
  if (error instanceof MusicError) return musicEnvelope(error.code, error.message);
  if (error instanceof MalformedBodyError) return musicEnvelope(400, error.message);
  if (error instanceof AppError) {
    if (error.kind === "insufficient_credits") return musicEnvelope(429, error.message);
    if (error.kind === "unauthorized") return musicEnvelope(401, error.message);
    if (error.kind === "not_found") return musicEnvelope(404, error.message);
    if (error.kind === "rate_limited") return musicEnvelope(430, error.message);
    return musicEnvelope(400, error.message);
  }
  console.error("[music-api] unexpected error", error);
  return musicEnvelope(500, "Internal server error");
}

export const PATH_NOT_FOUND = "Not found: wrong request method or path";
/** Methods a route does not serve answer the document's 404 (wrong method or path). */
export const musicNotFound = async () => musicEnvelope(404, PATH_NOT_FOUND);

type Handler = (args: { req: Request; body: unknown; query: Record<string, string>; principal: ApiKeyPrincipal }) => Promise<Response>;

export function withMusicApi(handler: Handler, opts: { body?: boolean } = {}) {
  return async (req: Request): Promise<Response> => {
    try {
      const auth = await resolveApiKey(req);
      if (!auth.ok) return musicEnvelope(401, auth.error);
      const settings = await getSettings();
      if (settings.musicMaintenance) return musicEnvelope(455, MAINTENANCE_MESSAGE);
      if (!(await takeMusicRequest(auth.principal.apiKeyId, settings.musicRatePerMinute))) {
        return musicEnvelope(430, "Your call frequency is too high. Please try again later.");
      }
      const body = opts.body ? await readJson(req) : undefined;
      return await handler({ req, body, query: queryObject(req), principal: auth.principal });
    } catch (error) {
      return musicError(error);
    }
  };
}
