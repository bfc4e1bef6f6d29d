// short-video as a route: each step is this machine's parser ("local") or a YinziAI analyze call.
// A step that fails on the platform's side (the page changed, a captcha, the upstream down or out
// of credit) hands over to the next; a link that is unusable whatever parses it (no URL, a deleted
// post) fails at once. The user gets the same result shape whichever step answered.
import "server-only";
import { recordBalance, recordCall, takeOutOfRotation } from "@/lib/relays/health";
import { upstreamIdOf, routeFor } from "@/lib/relays/routes";
import { UpstreamError } from "@/lib/relays/types";
import { credsOf, isRoutable, loadUpstream } from "@/lib/relays/upstreams";
import { analyze } from "@/lib/relays/yinzi/client";
import { platformOf } from "@/lib/short-video/hosts";
import {
  extractUrl,
  parseShortVideo,
  ShortVideoError,
  sourceError,
  type ShortVideoResult,
} from "@/lib/short-video/index";

const ANALYZE_TIMEOUT_MS = 60_000;

async function viaYinzi(upstreamId: string, url: URL): Promise<ShortVideoResult | null> {
  const upstream = await loadUpstream(upstreamId);
  if (!upstream || !isRoutable(upstream) || upstream.kind !== "yinzi") return null;
  const creds = credsOf(upstream);
  const started = Date.now();
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new Error("timeout")), ANALYZE_TIMEOUT_MS);
  try {
    const r = await analyze(creds, url.href, ctl.signal);
    await recordCall(upstream.id, "analyze", true, 200, Date.now() - started);
    await recordBalance(upstream.id, r.balance);
    return {
      platform: platformOf(url),
      title: r.title || null,
      author: r.author || null,
      cover: r.cover,
      videoUrl: r.videoUrl,
      musicUrl: r.musicUrl,
    };
  } catch (error) {
    const e = error instanceof UpstreamError ? error : new UpstreamError("unavailable", "the analyze call failed");
    await recordCall(upstream.id, "analyze", false, e.httpStatus, Date.now() - started, e.message, [creds.apiKey]);
    if (e.kind === "insufficient_balance") await takeOutOfRotation(upstream.id, e.message);
    console.warn(`[short-video] ${upstream.name} ${e.kind}: ${e.message}; trying the next step`);
    return null;
  } finally {
    clearTimeout(timer);
  }
}

/** parseShortVideo along the admin's short-video route (unset: the local parser alone, as before). */
export async function parseShortVideoRouted(text: string): Promise<ShortVideoResult> {
  const steps = await routeFor("short-video");
  if (steps.length === 1 && steps[0] === "local") return parseShortVideo(text);
  const url = extractUrl(text);
  if (!url) return parseShortVideo(text); // the local parser words the "no URL" error
  let localError: ShortVideoError | null = null;
  for (const step of steps) {
    if (step === "local") {
      try {
        return await parseShortVideo(text);
      } catch (error) {
        if (!(error instanceof ShortVideoError) || error.failure !== "source") throw error;
        localError = error;
        continue;
      }
    }
    const result = await viaYinzi(upstreamIdOf(step) ?? "", url);
    if (result) return result;
  }
  throw localError ?? sourceError(platformOf(url), "relay", "no step of the short-video route could parse the link");
}
