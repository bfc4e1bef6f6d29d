// Kuaishou: the short link redirects (iPhone UA + Referer) to a chenzhongtech /fw/photo/<id>
// share page whose `window.INIT_STATE` holds { result, photo }. result 1 = ok, 2001 = captcha.
import { arr, embeddedJson, fetchText, get, looksLikeCaptcha, MOBILE_UA, obj, str } from "./http";
import { inputError, sourceError, type Extractor } from "./types";

const P = "kuaishou" as const;
const HEADERS = { "user-agent": MOBILE_UA, referer: "https://v.kuaishou.com/" };

export const kuaishou: Extractor = {
  platform: P,
  async extract(link) {
    const source = "share page";
    let f = await fetchText(P, source, link.toString(), HEADERS);
    if (f.url.includes("/fw/long-video/"))
      f = await fetchText(P, source, f.url.replace("/fw/long-video/", "/fw/photo/"), HEADERS);
    if (!f.text.trim()) throw sourceError(P, source, "the share page returned an empty body");
    const state = obj(embeddedJson(f.text, "window.INIT_STATE"));
    if (!state) {
      if (looksLikeCaptcha(f.text)) throw sourceError(P, source, "the share page returned a captcha");
      throw sourceError(P, source, "the share page has no INIT_STATE (the page shape changed)");
    }
    const entry = Object.values(state)
      .map(obj)
      .find((v) => v && "result" in v && ("photo" in v || Number(v.result) !== 1));
    if (!entry) throw sourceError(P, source, "INIT_STATE has no entry with result and photo (the page shape changed)");
    const result = Number(entry.result);
    if (result === 2001) throw sourceError(P, source, "the share page returned a captcha (result 2001)");
    if (result !== 1) {
      if (!entry.photo && (result === 400002 || result === 4))
        throw inputError(P, source, "this item is deleted or private");
      throw sourceError(P, source, `the share page refused the request (result ${result})`);
    }
    const photo = obj(entry.photo);
    if (!photo) throw inputError(P, source, "this item is deleted or private (no photo in INIT_STATE)");
    const atlas = obj(get(photo, "ext_params.atlas"));
    const cdn = str(get(atlas, "cdnList.0.cdn")) ?? str(get(atlas, "cdn.0"));
    const images =
      atlas && cdn
        ? arr(atlas.list)
            .map(str)
            .filter((p): p is string => !!p)
            .map((p) => `https://${cdn}${p}`)
        : [];
    const musicCdn = str(get(atlas, "musicCdnList.0.cdn"));
    const atlasMusic = musicCdn && str(atlas?.music) ? `https://${musicCdn}${atlas!.music}` : null;
    return {
      platform: P,
      title: str(photo.caption),
      author:
        str(photo.userName)
          ?.replace(/\u3164/g, "")
          .trim() || null,
      cover: str(get(photo, "coverUrls.0.url")),
      videoUrl: images.length ? null : str(get(photo, "mainMvUrls.0.url")),
      musicUrl:
        str(get(photo, "music.audioUrls.0.url")) ??
        str(get(photo, "music.audioUrls.0")) ??
        str(get(photo, "music.url")) ??
        atlasMusic,
      images: images.length ? images : undefined,
      headers: { "User-Agent": MOBILE_UA, Referer: "https://v.kuaishou.com/" },
    };
  },
};
