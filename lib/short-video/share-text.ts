// Pulls the first http(s) URL out of what a share button gives, e.g.
// `7.43 FuL:/ 标题… https://v.douyin.com/xxxx/ 复制此链接，打开Dou音搜索…`.

// A URL runs until whitespace, a CJK character or full-width punctuation, or a quote/bracket.
const URL_RE = /https?:\/\/[^\s\u3000-\u303f\u3400-\u9fff\uff00-\uffef"'<>()[\]{}，。！？；：、]+/i;
const TRAILING = /[.,;:!?)\]}'"”’»…]+$/;

export function extractUrl(text: string): URL | null {
  const m = URL_RE.exec(text);
  if (!m) return null;
  const raw = m[0].replace(TRAILING, "");
  try {
    const url = new URL(raw);
    return url.hostname ? url : null;
  } catch {
    return null;
  }
}
