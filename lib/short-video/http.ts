// Every request the extractors make goes through the SSRF-safe fetcher (each redirect hop is
// checked again there), with small caps: pages and JSON are a few MB at most, and the time cap
// covers reading the body too (the fetcher keeps it until the body closes).
import { safeFetch, SafeFetchError, type SafeResponse } from "@/lib/media/safe-fetch";
import { sourceError, type Platform } from "./types";

export const MOBILE_UA =
  "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1";
export const DESKTOP_UA =
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0 Safari/537.36";

const PAGE_MAX_BYTES = 5 * 1024 * 1024;
const TIMEOUT_MS = 15_000;
const MAX_HOPS = 5;

export type Fetched = { url: string; status: number; text: string; contentType: string; setCookies: string[] };

export async function readCapped(res: SafeResponse, maxBytes: number): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of res.body as AsyncIterable<Buffer>) {
    total += chunk.length;
    if (total > maxBytes) {
      res.body.destroy();
      throw new SafeFetchError("too_large", `The response is larger than ${Math.round(maxBytes / 1048576)} MB`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}

/**
 * GETs a page or JSON document for `platform`'s `source`. Network and HTTP failures become a
 * ShortVideoError naming the source; the caller judges the body.
 */
export async function fetchText(
  platform: Platform,
  source: string,
  url: string,
  headers: Record<string, string>,
  opts: { allowStatus?: (s: number) => boolean; timeoutMs?: number } = {},
): Promise<Fetched> {
  try {
    const res = await safeFetch(url, {
      headers,
      timeoutMs: opts.timeoutMs ?? TIMEOUT_MS,
      maxRedirects: MAX_HOPS,
      maxBytes: PAGE_MAX_BYTES,
    });
    const ok = opts.allowStatus ? opts.allowStatus(res.status) : res.status >= 200 && res.status < 300;
    if (!ok) {
      res.body.resume();
      throw sourceError(platform, source, `the ${source} answered HTTP ${res.status}`);
    }
    const buf = await readCapped(res, PAGE_MAX_BYTES);
    const sc = res.headers["set-cookie"] ?? [];
    return {
      url: res.url,
      status: res.status,
      text: buf.toString("utf8"),
      contentType: String(res.headers["content-type"] ?? ""),
      setCookies: Array.isArray(sc) ? sc : [sc],
    };
  } catch (error) {
    if (error instanceof SafeFetchError)
      throw sourceError(platform, source, `the ${source} could not be fetched (${error.message})`);
    throw error;
  }
}

/** Follows a link's redirects (through the safe fetcher) without reading the body; returns the final URL. */
export async function resolveUrl(
  platform: Platform,
  source: string,
  url: string,
  headers: Record<string, string>,
  opts: { timeoutMs?: number } = {},
): Promise<string> {
  try {
    const res = await safeFetch(url, { headers, timeoutMs: opts.timeoutMs ?? TIMEOUT_MS, maxRedirects: MAX_HOPS });
    res.body.destroy();
    return res.url;
  } catch (error) {
    if (error instanceof SafeFetchError)
      throw sourceError(platform, source, `the ${source} could not be resolved (${error.message})`);
    throw error;
  }
}

export function parseJson(platform: Platform, source: string, f: Fetched): unknown {
  if (!f.text.trim()) throw sourceError(platform, source, `the ${source} returned an empty body`);
  try {
    return JSON.parse(f.text);
  } catch {
    if (looksLikeCaptcha(f.text)) throw sourceError(platform, source, `the ${source} returned a captcha`);
    throw sourceError(platform, source, `the ${source} did not return JSON (the format may have changed)`);
  }
}

export function looksLikeCaptcha(text: string): boolean {
  return /captcha|verifycenter|verify-bar|验证码|安全验证|_wafchallengeid|verifyType/i.test(text.slice(0, 200_000));
}

/**
 * Reads `window.NAME = {…}</script>`: the object literal after the assignment up to the closing
 * script tag. `js` replaces bare `undefined` with null (Xiaohongshu's state is a JS literal).
 */
export function embeddedJson(html: string, name: string, opts: { js?: boolean } = {}): unknown | undefined {
  const re = new RegExp(`${name.replace(/[.$]/g, "\\$&")}\\s*=\\s*`);
  const m = re.exec(html);
  if (!m) return undefined;
  const rest = html.slice(m.index + m[0].length);
  const end = rest.indexOf("</script>");
  let raw = (end >= 0 ? rest.slice(0, end) : rest).trim().replace(/;\s*$/, "");
  if (opts.js) raw = raw.replace(/([:[,]\s*)undefined(?=\s*[,\]}])/g, "$1null");
  try {
    return JSON.parse(raw);
  } catch {
    return undefined;
  }
}

/** `Cookie` header value from Set-Cookie lines (name=value pairs only). */
export function cookieHeader(setCookies: string[]): string {
  return setCookies
    .map((c) => c.split(";")[0].trim())
    .filter((c) => c.includes("="))
    .join("; ");
}

export const str = (v: unknown): string | null => (typeof v === "string" && v.trim() ? v : null);
export const obj = (v: unknown): Record<string, unknown> | null =>
  v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
export const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);
/** Dotted path reader: get(o, "a.b.0.c"). */
export function get(o: unknown, path: string): unknown {
  let cur: unknown = o;
  for (const part of path.split(".")) {
    if (cur == null || typeof cur !== "object") return undefined;
    cur = (cur as Record<string, unknown>)[part];
  }
  return cur;
}
