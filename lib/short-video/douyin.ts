// Douyin: short link → canonical share URL (id) → the unsigned slidesinfo API, then the share
// page's embedded JSON (`_ROUTER_DATA`, older `RENDER_DATA`) as a fallback. The aweme object has
// the same shape in both. No-watermark video: playwm → play, then resolve one more redirect.
import { apiOrigin } from "./hosts";
import {
  arr,
  embeddedJson,
  fetchText,
  get,
  looksLikeCaptcha,
  MOBILE_UA,
  obj,
  parseJson,
  resolveUrl,
  str,
} from "./http";
import { inputError, ShortVideoError, sourceError, type Extractor, type ShortVideoResult } from "./types";

const P = "douyin" as const;
const HEADERS = { "user-agent": MOBILE_UA, referer: "https://www.douyin.com/" };
const MEDIA_HEADERS = { Referer: "https://www.douyin.com/", "User-Agent": MOBILE_UA };

export function douyinId(url: URL): string | null {
  const q = url.searchParams.get("modal_id") ?? url.searchParams.get("vid");
  if (q && /^\d{8,}$/.test(q)) return q;
  const m = /\/(?:video|note|slides)\/(\d{8,})/.exec(url.pathname);
  return m ? m[1] : null;
}

export const toNoWatermark = (u: string) => u.replace("/playwm/", "/play/");

function fromAweme(aweme: Record<string, unknown>): Omit<ShortVideoResult, "videoUrl"> & { playUrl: string | null } {
  const images = arr(aweme.images)
    .map((i) => str(get(i, "url_list.0")))
    .filter((u): u is string => !!u);
  const covers = arr(get(aweme, "video.cover.url_list"))
    .map(str)
    .filter((u): u is string => !!u);
  const type = Number(aweme.aweme_type);
  const isImages = type === 2 || type === 68 || images.length > 0;
  const play = str(get(aweme, "video.play_addr.url_list.0"));
  return {
    platform: P,
    title: str(aweme.desc),
    author: str(get(aweme, "author.nickname")),
    cover: covers.find((c) => !/\.webp(\?|$)/.test(c)) ?? covers[0] ?? str(get(aweme, "video.origin_cover.url_list.0")),
    musicUrl: str(get(aweme, "music.play_url.url_list.0")) ?? str(get(aweme, "music.play_url.uri")),
    images: isImages ? images : undefined,
    playUrl: isImages ? null : play,
    headers: MEDIA_HEADERS,
  };
}

async function fromSlidesinfo(origin: string, id: string): Promise<Record<string, unknown>> {
  const source = "slidesinfo API";
  const f = await fetchText(
    P,
    source,
    `${origin}/web/api/v2/aweme/slidesinfo/?aweme_ids=%5B${id}%5D&request_source=200`,
    HEADERS,
  );
  const body = obj(parseJson(P, source, f));
  const statusCode = Number(body?.status_code ?? 0);
  if (statusCode !== 0) throw sourceError(P, source, `the ${source} answered status_code ${statusCode}`);
  const aweme = obj(get(body, "aweme_details.0"));
  if (aweme) return aweme;
  const filtered = obj(get(body, "filter_list.0"));
  if (filtered)
    throw inputError(
      P,
      source,
      `this item is deleted or private (${str(filtered.detail_msg) ?? str(filtered.filter_reason) ?? "filtered"})`,
    );
  if (Array.isArray(body?.aweme_details)) throw inputError(P, source, `item ${id} was not found`);
  throw sourceError(P, source, `the ${source} has no aweme_details (the format may have changed)`);
}

async function fromSharePage(origin: string, id: string, kind: string): Promise<Record<string, unknown>> {
  const source = "share page";
  const f = await fetchText(P, source, `${origin}/share/${kind}/${id}/`, HEADERS);
  if (!f.text.trim()) throw sourceError(P, source, "the share page returned an empty body");
  const router = obj(embeddedJson(f.text, "window._ROUTER_DATA"));
  if (router) {
    const loader = obj(router.loaderData) ?? {};
    const page = Object.entries(loader).find(([k, v]) => /page$/.test(k) && obj(v)?.videoInfoRes);
    const info = obj(get(page?.[1], "videoInfoRes"));
    const item = obj(get(info, "item_list.0"));
    if (item) return item;
    const filtered = obj(get(info, "filter_list.0"));
    if (filtered)
      throw inputError(
        P,
        source,
        `this item is deleted or private (${str(filtered.detail_msg) ?? str(filtered.filter_reason) ?? "filtered"})`,
      );
    throw sourceError(P, source, "the share page's _ROUTER_DATA has no videoInfoRes (the page shape changed)");
  }
  if (looksLikeCaptcha(f.text)) throw sourceError(P, source, "the share page returned a captcha");
  throw sourceError(P, source, "the share page has no _ROUTER_DATA (the page shape changed)");
}

export const douyin: Extractor = {
  platform: P,
  async extract(link) {
    let canonical = link;
    let id = douyinId(link);
    if (!id) {
      canonical = new URL(await resolveUrl(P, "short link", link.toString(), HEADERS));
      id = douyinId(canonical);
    }
    if (!id)
      throw inputError(
        P,
        "short link",
        `the link resolves to ${canonical.host}${canonical.pathname}, which is not a Douyin video or note`,
      );
    const origin = apiOrigin(canonical.toString(), "https://www.iesdouyin.com");
    const kind = /\/(note|slides)\//.test(canonical.pathname) ? "note" : "video";

    let aweme: Record<string, unknown>;
    try {
      aweme = await fromSlidesinfo(origin, id);
    } catch (first) {
      if (!(first instanceof ShortVideoError) || first.failure === "input") throw first;
      console.warn(`[short-video] ${first.message}; trying the share page`);
      try {
        aweme = await fromSharePage(origin, id, kind);
      } catch (second) {
        if (second instanceof ShortVideoError && second.failure === "source") {
          throw sourceError(
            P,
            "slidesinfo API + share page",
            `${first.message.replace(/^Douyin: /, "")}; ${second.message.replace(/^Douyin: /, "")}`,
          );
        }
        throw second;
      }
    }
    const { playUrl, ...rest } = fromAweme(aweme);
    let videoUrl: string | null = null;
    if (playUrl) {
      const clean = toNoWatermark(playUrl);
      try {
        videoUrl = await resolveUrl(P, "video redirect", clean, HEADERS);
      } catch (error) {
        console.warn(`[short-video] ${(error as Error).message}; returning the unresolved play URL`);
        videoUrl = clean;
      }
    }
    return { ...rest, videoUrl };
  },
};
