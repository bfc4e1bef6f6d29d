// The Short video page's services: the team's parses, the media proxy (stored Referer/UA through
// the SSRF-safe fetcher, streamed), "Save to my files" (video + its audio track as uploads) and
// "Separate this music" (a track-separation order from the saved audio or the music URL).
import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { UPLOAD_PREFIX } from "@/lib/contracts/orders";
import { db } from "@/lib/db";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { extractAudioTrack, MediaError, probe } from "@/lib/media/ffmpeg";
import { safeDownload, safeFetch, SafeFetchError } from "@/lib/media/safe-fetch";
import { createOrder } from "@/lib/orders/service";
import { ensureDir } from "@/lib/storage/files";
import { persist } from "@/lib/storage/store";
import { maxUploadBytes } from "@/lib/storage/uploads";

type Actor = { userId: string; teamId: string };
type Row = NonNullable<Awaited<ReturnType<typeof db.shortVideoParse.findFirst>>>;

export function parseView(r: Row) {
  return {
    id: r.id,
    link: r.link,
    platform: r.platform,
    title: r.title,
    author: r.author,
    hasCover: !!r.cover,
    hasVideo: !!r.videoUrl,
    hasMusic: !!r.musicUrl,
    images: r.images ? (JSON.parse(r.images) as string[]).length : 0,
    cost: r.cost,
    videoUploadId: r.videoUploadId,
    audioUploadId: r.audioUploadId,
    createdAt: r.createdAt.toISOString(),
  };
}
export type ShortVideoParseView = ReturnType<typeof parseView>;

export async function listTeamParses(teamId: string) {
  const rows = await db.shortVideoParse.findMany({ where: { teamId }, orderBy: { createdAt: "desc" }, take: 50 });
  return rows.map(parseView);
}

async function findParse(teamId: string, id: string): Promise<Row> {
  const row = await db.shortVideoParse.findFirst({ where: { id, teamId } });
  if (!row) throw notFound("Parse not found");
  return row;
}

export const MEDIA_KINDS = ["video", "music", "cover", "image"] as const;
export type MediaKind = (typeof MEDIA_KINDS)[number];

function mediaUrl(row: Row, kind: MediaKind, index = 0): string | null {
  if (kind === "video") return row.videoUrl;
  if (kind === "music") return row.musicUrl;
  if (kind === "cover") return row.cover;
  return row.images ? ((JSON.parse(row.images) as string[])[index] ?? null) : null;
}

const headersOf = (row: Row): Record<string, string> =>
  row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {};

// What the proxy may serve inline for each kind. The upstream is whatever a parsed page points
// at, so its Content-Type is attacker-chosen: served as-is on our origin, `text/html` as a
// "cover" ran script with the viewer's session. Types outside the list never keep their type:
// generic binary answers (CDNs often say octet-stream) are passed on as an octet-stream download
// (a <video>/<img> still plays them; a navigation only downloads), anything else is refused.
// SVG is not an image here: it is a document that runs script.
const INLINE_TYPES: Record<MediaKind, RegExp> = {
  cover: /^image\/(jpeg|pjpeg|png|webp|gif|avif)$/,
  image: /^image\/(jpeg|pjpeg|png|webp|gif|avif)$/,
  video: /^video\/(mp4|webm|quicktime|x-flv|x-matroska|mp2t|3gpp|ogg)$/,
  music: /^(audio\/(mpeg|mp3|mp4|m4a|x-m4a|aac|wav|x-wav|wave|ogg|opus|flac|x-flac|webm)|video\/mp4)$/,
};
const GENERIC_BINARY = /^((application|binary)\/octet-stream)?$/;
const EXT_BY_TYPE: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/pjpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
  "image/avif": "avif",
  "video/webm": "webm",
  "video/quicktime": "mov",
  "video/x-matroska": "mkv",
  "audio/mp4": "m4a",
  "audio/x-m4a": "m4a",
  "audio/aac": "aac",
  "audio/wav": "wav",
  "audio/x-wav": "wav",
  "audio/ogg": "ogg",
  "audio/flac": "flac",
  "audio/webm": "webm",
};
const DEFAULT_EXT: Record<MediaKind, string> = { video: "mp4", music: "mp3", cover: "jpg", image: "jpg" };

/**
 * The headers the proxy answers with for an upstream Content-Type, or null to refuse it.
 * Always `nosniff`, and the filename is ours (kind + parse id), never the upstream's.
 */
export function proxyHeaders(
  kind: MediaKind,
  upstreamType: string,
  id: string,
  download: boolean,
): Record<string, string> | null {
  const type = upstreamType.split(";")[0].trim().toLowerCase();
  const inline = INLINE_TYPES[kind].test(type);
  if (!inline && !GENERIC_BINARY.test(type)) return null;
  const ext = (inline && EXT_BY_TYPE[type]) || DEFAULT_EXT[kind];
  const filename = `${kind}-${id.replace(/[^A-Za-z0-9]/g, "").slice(0, 8)}.${ext}`;
  return {
    "content-type": inline ? type : "application/octet-stream",
    "x-content-type-options": "nosniff",
    "cache-control": "private, no-store",
    "content-disposition": `${download || !inline ? "attachment" : "inline"}; filename="${filename}"`,
  };
}

const KIND_WORD: Record<MediaKind, string> = { cover: "an image", image: "an image", video: "a video", music: "audio" };

/** Streams one media file of a parse; `download` asks the browser to save it. */
export async function proxyMedia(
  teamId: string,
  id: string,
  kind: MediaKind,
  index: number,
  download: boolean,
): Promise<Response> {
  const row = await findParse(teamId, id);
  const url = mediaUrl(row, kind, index);
  if (!url) throw notFound("This parse has no such media");
  let res;
  try {
    res = await safeFetch(url, { headers: headersOf(row), timeoutMs: 60_000, maxRedirects: 5 });
  } catch (error) {
    if (error instanceof SafeFetchError)
      throw new AppError("bad_request", `The media could not be fetched: ${error.message}`);
    throw error;
  }
  if (res.status < 200 || res.status >= 300) {
    res.body.resume();
    throw new AppError(
      "bad_request",
      `The media link answered HTTP ${res.status} (it may have expired: parse the link again)`,
    );
  }
  const headers = proxyHeaders(kind, String(res.headers["content-type"] ?? ""), row.id, download);
  if (!headers) {
    res.body.destroy();
    throw new AppError("bad_request", `The media link did not answer with ${KIND_WORD[kind]}`);
  }
  if (res.headers["content-length"]) headers["content-length"] = String(res.headers["content-length"]);
  return new Response(Readable.toWeb(res.body) as ReadableStream, { headers });
}

async function storeUpload(actor: Actor, abs: string, id: string, filename: string) {
  const bytes = (await fs.promises.stat(abs)).size;
  await persist(`uploads/${id}`);
  return db.upload.create({
    data: {
      id,
      userId: actor.userId,
      teamId: actor.teamId,
      filename,
      path: `uploads/${id}`,
      bytes,
      source: "short-video",
    },
  });
}

/** Saves the video (when there is one) and its audio track (m4a; or the music file) as uploads. */
export async function saveToFiles(actor: Actor, id: string) {
  const row = await findParse(actor.teamId, id);
  if (row.audioUploadId) return parseView(row);
  const dir = await ensureDir("uploads");
  const headers = headersOf(row);
  const opts = { headers, maxBytes: maxUploadBytes(), timeoutMs: 300_000 };
  const base = (row.title ?? row.platform).replace(/[\\/\0\r\n"]/g, "_").slice(0, 80) || "short-video";
  let videoUploadId: string | null = null;
  let audioUploadId: string | null = null;
  // Files are checked (hardened probe: no playlists, nothing but the one file is opened) before
  // any upload row exists; whatever was written is removed when a step fails.
  const written: string[] = [];
  try {
    if (row.videoUrl) {
      const vid = randomUUID();
      const aid = randomUUID();
      written.push(path.join(dir, vid), path.join(dir, aid));
      await safeDownload(row.videoUrl, path.join(dir, vid), opts);
      const info = await probe(path.join(dir, vid));
      await extractAudioTrack(path.join(dir, vid), info.demuxer, path.join(dir, aid), { timeoutMs: 120_000 });
      videoUploadId = (await storeUpload(actor, path.join(dir, vid), vid, `${base}.mp4`)).id;
      audioUploadId = (await storeUpload(actor, path.join(dir, aid), aid, `${base}.m4a`)).id;
    } else if (row.musicUrl) {
      const aid = randomUUID();
      written.push(path.join(dir, aid));
      await safeDownload(row.musicUrl, path.join(dir, aid), opts);
      await probe(path.join(dir, aid));
      audioUploadId = (await storeUpload(actor, path.join(dir, aid), aid, `${base}.mp3`)).id;
    } else {
      throw badRequest("This parse has neither a video nor music to save");
    }
  } catch (error) {
    if (!audioUploadId) {
      if (videoUploadId) await db.upload.deleteMany({ where: { id: videoUploadId } });
      await Promise.all(written.map((f) => fs.promises.rm(f, { force: true })));
    }
    if (error instanceof SafeFetchError) throw badRequest(`The media could not be downloaded: ${error.message}`);
    if (error instanceof MediaError) {
      throw badRequest(
        error.kind === "failed"
          ? "The media could not be processed, try again"
          : `The media is not a playable file: ${error.message}`,
      );
    }
    throw error;
  }
  const updated = await db.shortVideoParse.update({ where: { id: row.id }, data: { videoUploadId, audioUploadId } });
  return parseView(updated);
}

/** Creates a track-separation order from the saved audio (saving it first when needed). */
export async function separateMusic(actor: Actor, id: string) {
  let row = await findParse(actor.teamId, id);
  if (!row.audioUploadId) {
    await saveToFiles(actor, id);
    row = await findParse(actor.teamId, id);
  }
  if (!row.audioUploadId) throw badRequest("This parse has no audio to separate");
  return createOrder(
    actor,
    { orderType: "track-separation", stuff: { pathKey: `${UPLOAD_PREFIX}${row.audioUploadId}` } },
    `short-video:${row.id}:separate`,
  );
}
