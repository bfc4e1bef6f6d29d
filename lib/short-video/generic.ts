// Any other page or a direct media link. Direct media (Content-Type video/audio, or bytes that
// are not HTML) is probed with ffprobe on the bytes already fetched (a temp file, never the URL).
// Pages: JSON-LD VideoObject, twitter:player:stream, og:video of a video/* type; og:title/og:image
// or <title> for the card.
import "server-only";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { probe } from "@/lib/media/ffmpeg";
import { safeFetch, SafeFetchError } from "@/lib/media/safe-fetch";
import { DESKTOP_UA, str } from "./http";
import { inputError, type Extractor } from "./types";

const P = "generic" as const;
const PROBE_BYTES = 8 * 1024 * 1024;
const PAGE_BYTES = 3 * 1024 * 1024;

function decode(s: string) {
  return s
    .replace(/&amp;/g, "&")
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">");
}

function metas(html: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const tag of html.match(/<meta\b[^>]*>/gi) ?? []) {
    const key = /\b(?:property|name)\s*=\s*["']([^"']+)["']/i.exec(tag)?.[1]?.toLowerCase();
    const content = /\bcontent\s*=\s*["']([^"']*)["']/i.exec(tag)?.[1];
    if (key && content !== undefined && !out.has(key)) out.set(key, decode(content));
  }
  return out;
}

type Found = { title: string | null; author: string | null; cover: string | null; videoUrl: string | null };

function jsonLdVideo(html: string): Found | null {
  for (const m of html.matchAll(/<script[^>]*type=["']application\/ld\+json["'][^>]*>([\s\S]*?)<\/script>/gi)) {
    let data: unknown;
    try {
      data = JSON.parse(m[1]);
    } catch {
      continue;
    }
    const nodes = (Array.isArray(data) ? data : [data]).flatMap((d) =>
      d && typeof d === "object" && "@graph" in d ? (d as { "@graph": unknown[] })["@graph"] : [d],
    );
    for (const n of nodes as Record<string, unknown>[]) {
      if (n?.["@type"] !== "VideoObject") continue;
      const thumb = Array.isArray(n.thumbnailUrl) ? n.thumbnailUrl[0] : n.thumbnailUrl;
      const author = n.author && typeof n.author === "object" ? (n.author as Record<string, unknown>).name : n.author;
      const videoUrl = str(n.contentUrl);
      if (videoUrl) return { title: str(n.name), author: str(author), cover: str(thumb), videoUrl };
    }
  }
  return null;
}

export function fromHtml(html: string, base: string): Found | null {
  const abs = (u: string | null) => (u ? new URL(u, base).toString() : null);
  const ld = jsonLdVideo(html);
  const m = metas(html);
  const title = m.get("og:title") ?? str(/<title[^>]*>([^<]*)<\/title>/i.exec(html)?.[1]?.trim());
  const cover = m.get("og:image") ?? m.get("twitter:image") ?? null;
  if (ld) return { ...ld, videoUrl: abs(ld.videoUrl), cover: abs(ld.cover ?? cover), title: ld.title ?? title ?? null };
  const stream = m.get("twitter:player:stream");
  const ogType = m.get("og:video:type") ?? "";
  const og = m.get("og:video:secure_url") ?? m.get("og:video:url") ?? m.get("og:video");
  const video = stream ?? (og && /^video\//i.test(ogType) ? og : null);
  if (!video) return null;
  return { title: title ?? null, author: null, cover: abs(cover), videoUrl: abs(video) };
}

export const generic: Extractor = {
  platform: P,
  async extract(link) {
    const source = "page";
    let res;
    try {
      res = await safeFetch(link.toString(), {
        headers: { "user-agent": DESKTOP_UA },
        timeoutMs: 15_000,
        maxRedirects: 5,
      });
    } catch (error) {
      if (error instanceof SafeFetchError)
        throw inputError(P, source, `the link could not be fetched (${error.message})`);
      throw error;
    }
    if (res.status < 200 || res.status >= 300) {
      res.body.resume();
      throw inputError(P, source, `the link answered HTTP ${res.status}`);
    }
    const type = String(res.headers["content-type"] ?? "").toLowerCase();
    // Read at most what either branch needs; stop early.
    const limit = /text\/html|xhtml/.test(type) ? PAGE_BYTES : PROBE_BYTES;
    const chunks: Buffer[] = [];
    let total = 0;
    try {
      for await (const chunk of res.body as AsyncIterable<Buffer>) {
        chunks.push(chunk);
        total += chunk.length;
        if (total >= limit) {
          res.body.destroy();
          break;
        }
      }
    } catch (error) {
      // The fetcher's caps keep holding while the body is read (a trickling or silent link).
      if (error instanceof SafeFetchError)
        throw inputError(P, source, `the link could not be fetched (${error.message})`);
      throw error;
    }
    const bytes = Buffer.concat(chunks);
    const head = bytes.subarray(0, 512).toString("utf8").trimStart().toLowerCase();
    const isHtml = /text\/html|xhtml/.test(type) || head.startsWith("<!doctype html") || head.startsWith("<html");
    if (!isHtml) {
      if (/mpegurl/.test(type) || head.startsWith("#extm3u"))
        throw inputError(P, "direct link", "HLS playlists are not supported");
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-sv-"));
      try {
        const file = path.join(dir, "probe");
        fs.writeFileSync(file, bytes);
        const p = await probe(file, { timeoutMs: 15_000 }).catch(() => null);
        if (!p || (!p.video && !p.audio))
          throw inputError(P, "direct link", "the link is neither a page with a video nor a media file");
        const name = fileTitle(link);
        return {
          platform: P,
          title: name,
          author: null,
          cover: null,
          videoUrl: p.video ? res.url : null,
          musicUrl: p.video ? null : res.url,
        };
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }
    const found = fromHtml(bytes.toString("utf8"), res.url);
    if (!found)
      throw inputError(
        P,
        source,
        `${link.host} is not a supported platform and its page has no video (no JSON-LD VideoObject, og:video or twitter:player:stream)`,
      );
    return { platform: P, ...found, musicUrl: null };
  },
};

/** The link's file name as a title; a malformed %-escape (the user's input) keeps the raw name. */
function fileTitle(link: URL): string {
  const raw = link.pathname.split("/").pop() || link.host;
  try {
    return decodeURIComponent(raw);
  } catch {
    return raw;
  }
}
