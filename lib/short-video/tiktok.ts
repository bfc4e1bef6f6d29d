// TikTok: vm./vt. short links → www.tiktok.com/@user/video/<id>; the page's
// `__UNIVERSAL_DATA_FOR_REHYDRATION__` → `__DEFAULT_SCOPE__["webapp.video-detail"]` (statusCode,
// itemInfo.itemStruct). The CDN wants the page's cookies (tt_chain_token): they go in `headers`.
import { arr, cookieHeader, DESKTOP_UA, fetchText, get, looksLikeCaptcha, obj, str } from "./http";
import { inputError, sourceError, type Extractor } from "./types";

const P = "tiktok" as const;
const HEADERS = { "user-agent": DESKTOP_UA };

export const tiktokId = (url: URL) => /\/(?:video|photo)\/(\d+)/.exec(url.pathname)?.[1] ?? null;

function universalData(html: string): unknown {
  const m = /<script[^>]*id="__UNIVERSAL_DATA_FOR_REHYDRATION__"[^>]*>([\s\S]*?)<\/script>/.exec(html);
  if (!m) return undefined;
  try {
    return JSON.parse(m[1]);
  } catch {
    return undefined;
  }
}

const PRIVATE: Record<number, string> = {
  10216: "this post is private",
  10222: "this account is private",
  10204: "this post was not found or is blocked in this region",
};

export const tiktok: Extractor = {
  platform: P,
  async extract(link) {
    const source = "web page";
    const f = await fetchText(P, source, link.toString(), HEADERS);
    const page = new URL(f.url);
    if (/notfound/i.test(page.pathname))
      throw inputError(P, "short link", "the link leads to a not-found page (regional block or removed)");
    if (!tiktokId(page))
      throw inputError(
        P,
        "short link",
        `the link resolves to ${page.host}${page.pathname}, which is not a video or photo post`,
      );
    if (!f.text.trim()) throw sourceError(P, source, "the web page returned an empty body");
    const data = universalData(f.text);
    if (!data) {
      if (looksLikeCaptcha(f.text)) throw sourceError(P, source, "the web page returned a captcha (WAF challenge)");
      throw sourceError(P, source, "the web page has no __UNIVERSAL_DATA_FOR_REHYDRATION__ (the page shape changed)");
    }
    const detail = obj(obj(get(data, "__DEFAULT_SCOPE__"))?.["webapp.video-detail"]);
    if (!detail) throw sourceError(P, source, "the universal data has no webapp.video-detail (the page shape changed)");
    const status = Number(detail.statusCode ?? 0);
    if (status !== 0) throw inputError(P, source, PRIVATE[status] ?? `the post is unavailable (statusCode ${status})`);
    const item = obj(get(detail, "itemInfo.itemStruct"));
    if (!item) throw sourceError(P, source, "video-detail has no itemInfo.itemStruct (the page shape changed)");
    const images = arr(get(item, "imagePost.images"))
      .map((i) => str(get(i, "imageURL.urlList.0")))
      .filter((u): u is string => !!u);
    const cookie = cookieHeader(f.setCookies);
    return {
      platform: P,
      title: str(item.desc),
      author: str(get(item, "author.nickname")) ?? str(get(item, "author.uniqueId")),
      cover: str(get(item, "video.cover")) ?? str(get(item, "video.originCover")),
      videoUrl: images.length
        ? null
        : (str(get(item, "video.playAddr")) ?? str(get(item, "video.bitrateInfo.0.PlayAddr.UrlList.0"))),
      musicUrl: str(get(item, "music.playUrl")),
      images: images.length ? images : undefined,
      headers: { Referer: f.url, "User-Agent": DESKTOP_UA, ...(cookie ? { Cookie: cookie } : {}) },
    };
  },
};
