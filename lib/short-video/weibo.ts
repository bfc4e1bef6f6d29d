// Weibo: status links (weibo.com/<uid>/<mblogid>, m.weibo.cn/status|detail/<id>) → the status API
// `weibo.com/ajax/statuses/show?id=` with Referer. A bounce to passport.weibo.com (the guest-visitor
// flow) is reported, not solved. No music field on Weibo.
import { apiOrigin } from "./hosts";
import { arr, DESKTOP_UA, fetchText, get, obj, parseJson, str } from "./http";
import { inputError, sourceError, type Extractor } from "./types";

const P = "weibo" as const;
const HEADERS = { "user-agent": DESKTOP_UA, referer: "https://weibo.com/" };

export function weiboStatusId(url: URL): string | null {
  const m =
    /\/(?:status|detail)\/([A-Za-z0-9]+)/.exec(url.pathname) ?? /^\/\d+\/([A-Za-z0-9]{9,})\/?$/.exec(url.pathname);
  return m ? m[1] : null;
}

export const weibo: Extractor = {
  platform: P,
  async extract(link) {
    let id = weiboStatusId(link);
    let seen = link.toString();
    if (!id) {
      const page = await fetchText(P, "short link", seen, HEADERS);
      seen = page.url;
      id = weiboStatusId(new URL(seen));
    }
    if (!id)
      throw inputError(
        P,
        "link",
        `${new URL(seen).host}${new URL(seen).pathname} is not a Weibo status link (tv/show links are not supported yet)`,
      );
    const source = "status API";
    const f = await fetchText(
      P,
      source,
      `${apiOrigin(seen, "https://weibo.com")}/ajax/statuses/show?id=${encodeURIComponent(id)}`,
      HEADERS,
      {
        allowStatus: (s) => s < 500 && s !== 403 && s !== 418,
      },
    );
    if (/passport\.weibo|\/visitor\//.test(f.url))
      throw sourceError(P, source, "the status API redirected to the visitor passport (guest cookies needed)");
    const body = obj(parseJson(P, source, f));
    if (!body) throw sourceError(P, source, "the status API returned no object");
    if (f.status === 404 || body.ok === 0 || body.error_code) {
      throw inputError(
        P,
        source,
        `this post is deleted or private (${str(body.message) ?? str(body.msg) ?? `HTTP ${f.status}`})`,
      );
    }
    const media = obj(get(body, "page_info.media_info"));
    if (!media) throw inputError(P, source, "this post has no video");
    const playback = arr(media.playback_list)
      .map((p) => str(get(p, "play_info.url")))
      .find(Boolean);
    const videoUrl =
      playback ?? str(media.stream_url_hd) ?? str(media.stream_url) ?? str(media.mp4_720p_mp4) ?? str(media.mp4_hd_url);
    if (!videoUrl) throw sourceError(P, source, "media_info has no playable URL (the format may have changed)");
    const text = str(body.text_raw);
    return {
      platform: P,
      title: str(media.video_title) ?? str(media.kol_title) ?? str(media.name) ?? text,
      author: str(get(body, "user.screen_name")),
      cover: str(get(body, "page_info.page_pic")) ?? str(get(body, "page_info.page_pic.url")),
      videoUrl,
      musicUrl: null,
      headers: { Referer: "https://weibo.com/", "User-Agent": DESKTOP_UA },
    };
  },
};
