// Xiaohongshu: the short link 302s to explore/discovery/item/<noteId>?xsec_token=… (keep the whole
// query); the note page's `window.__INITIAL_STATE__` is a JS literal (undefined → null).
import { arr, DESKTOP_UA, embeddedJson, fetchText, get, looksLikeCaptcha, obj, str } from "./http";
import { inputError, sourceError, type Extractor } from "./types";

const P = "xiaohongshu" as const;
const HEADERS = { "user-agent": DESKTOP_UA };

export const noteIdOf = (url: URL) => /\/(?:explore|discovery\/item)\/([0-9a-f]{24})/.exec(url.pathname)?.[1] ?? null;

export const xiaohongshu: Extractor = {
  platform: P,
  async extract(link) {
    const source = "note page";
    const f = await fetchText(P, source, link.toString(), HEADERS);
    const final = new URL(f.url);
    if (/captcha|verifyType|website-login/i.test(final.pathname + final.search))
      throw sourceError(P, source, "the note page redirected to a captcha");
    const id = noteIdOf(final);
    if (!id)
      throw inputError(
        P,
        "short link",
        `the link resolves to ${final.host}${final.pathname}, which is not a note (expired share link or missing xsec_token?)`,
      );
    if (!f.text.trim()) throw sourceError(P, source, "the note page returned an empty body");
    const state = obj(embeddedJson(f.text, "window.__INITIAL_STATE__", { js: true }));
    if (!state) {
      if (looksLikeCaptcha(f.text)) throw sourceError(P, source, "the note page returned a captcha");
      throw sourceError(P, source, "the note page has no __INITIAL_STATE__ (the page shape changed)");
    }
    const detailMap = obj(get(state, "note.noteDetailMap"));
    const note = obj(get(detailMap?.[id], "note")) ?? obj(get(state, "noteData.data.noteData"));
    if (!note || !Object.keys(note).length) {
      if (detailMap || get(state, "noteData"))
        throw inputError(P, source, "this note is deleted, private or its xsec_token is invalid");
      throw sourceError(P, source, "__INITIAL_STATE__ has no note (the page shape changed)");
    }
    const stream = obj(get(note, "video.media.stream")) ?? {};
    const video = ["h264", "h265", "av1", "h266"].map((c) => str(get(stream[c], "0.masterUrl"))).find(Boolean) ?? null;
    const isVideo = note.type === "video";
    const images = arr(note.imageList)
      .map((i) => str(get(i, "urlDefault")) ?? str(get(i, "url")))
      .filter((u): u is string => !!u);
    return {
      platform: P,
      title: str(note.title) ?? str(note.desc),
      author: str(get(note, "user.nickname")),
      cover: images[0] ?? null,
      videoUrl: isVideo ? video : null,
      musicUrl: null,
      images: isVideo ? undefined : images,
      headers: { "User-Agent": DESKTOP_UA, Referer: "https://www.xiaohongshu.com/" },
    };
  },
};
