// Bilibili: b23.tv → bilibili.com/video/BV… (BV id and ?p=) → the view API (title, cover, owner,
// cid) → the playurl API (html5 MP4 with audio; no watermark variant exists). Referer + UA on all.
import { apiOrigin } from "./hosts";
import { DESKTOP_UA, fetchText, get, obj, parseJson, resolveUrl, str } from "./http";
import { inputError, sourceError, type Extractor } from "./types";

const P = "bilibili" as const;
const HEADERS = { "user-agent": DESKTOP_UA, referer: "https://www.bilibili.com/" };

export function bvidOf(url: URL): { bvid: string; page: number } | null {
  const m = /\/video\/(BV[0-9A-Za-z]{10})/.exec(url.pathname);
  if (!m) return null;
  const p = Number(url.searchParams.get("p") ?? 1);
  return { bvid: m[1], page: Number.isInteger(p) && p > 0 ? p : 1 };
}

async function api(source: string, url: string): Promise<Record<string, unknown>> {
  const f = await fetchText(P, source, url, HEADERS, { allowStatus: (s) => s >= 200 && s < 300 });
  const body = obj(parseJson(P, source, f));
  if (!body) throw sourceError(P, source, `the ${source} returned no object`);
  const code = Number(body.code);
  if (code === -404 || code === 62002 || code === 62004)
    throw inputError(P, source, `this video is deleted or private (code ${code})`);
  if (code !== 0)
    throw sourceError(P, source, `the ${source} answered code ${code} (${str(body.message) ?? "no message"})`);
  const data = obj(body.data);
  if (!data) throw sourceError(P, source, `the ${source} has no data (the format may have changed)`);
  return data;
}

export const bilibili: Extractor = {
  platform: P,
  async extract(link) {
    let target = link;
    if (!bvidOf(target)) target = new URL(await resolveUrl(P, "short link", link.toString(), HEADERS));
    const ids = bvidOf(target);
    if (!ids)
      throw inputError(
        P,
        "short link",
        `the link resolves to ${target.host}${target.pathname}, which is not a video (bangumi, live and dynamic pages are not supported)`,
      );
    const origin = apiOrigin(target.toString(), "https://api.bilibili.com");
    const view = await api("view API", `${origin}/x/web-interface/view?bvid=${ids.bvid}`);
    const cid = get(view, `pages.${ids.page - 1}.cid`) ?? view.cid;
    if (cid == null) throw sourceError(P, "view API", "the view API has no cid (the format may have changed)");
    const play = await api(
      "playurl API",
      `${origin}/x/player/playurl?bvid=${ids.bvid}&cid=${cid}&qn=80&fnval=0&platform=html5`,
    );
    const videoUrl = str(get(play, "durl.0.url"));
    if (!videoUrl) throw sourceError(P, "playurl API", "the playurl API has no durl (the format may have changed)");
    return {
      platform: P,
      title: str(view.title),
      author: str(get(view, "owner.name")),
      cover: str(view.pic),
      videoUrl,
      musicUrl: null,
      headers: { Referer: "https://www.bilibili.com/", "User-Agent": DESKTOP_UA },
    };
  },
};
