// The Short video page's services: the team's parses, the media proxy (stored Referer/UA through
// the SSRF-safe fetcher, streamed), "Save to my files" (video + its audio track as uploads) and
// "Separate this music" (a track-separation order from the saved audio or the music URL).
import { spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { UPLOAD_PREFIX } from "@/lib/contracts/orders";
import { db } from "@/lib/db";
import { AppError, badRequest, notFound } from "@/lib/errors";
import { ffmpegPath } from "@/lib/media/ffmpeg";
import { safeDownload, safeFetch, SafeFetchError } from "@/lib/media/safe-fetch";
import { createOrder } from "@/lib/orders/service";
import { ensureDir } from "@/lib/storage/files";
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

const headersOf = (row: Row): Record<string, string> => (row.headers ? (JSON.parse(row.headers) as Record<string, string>) : {});

/** Streams one media file of a parse; `download` asks the browser to save it. */
export async function proxyMedia(teamId: string, id: string, kind: MediaKind, index: number, download: boolean): Promise<Response> {
  const row = await findParse(teamId, id);
  const url = mediaUrl(row, kind, index);
  if (!url) throw notFound("This parse has no such media");
  let res;
  try {
    res = await safeFetch(url, { headers: headersOf(row), timeoutMs: 60_000, maxRedirects: 5 });
  } catch (error) {
    if (error instanceof SafeFetchError) throw new AppError("bad_request", `The media could not be fetched: ${error.message}`);
    throw error;
  }
  if (res.status < 200 || res.status >= 300) {
    res.body.resume();
    throw new AppError("bad_request", `The media link answered HTTP ${res.status} (it may have expired: parse the link again)`);
  }
  const type = String(res.headers["content-type"] ?? "application/octet-stream");
  const ext = kind === "video" ? "mp4" : kind === "music" ? "mp3" : "jpg";
  const headers: Record<string, string> = { "content-type": type, "cache-control": "private, no-store" };
  if (res.headers["content-length"]) headers["content-length"] = String(res.headers["content-length"]);
  if (download) headers["content-disposition"] = `attachment; filename="${kind}-${row.id.slice(0, 8)}.${ext}"`;
  return new Response(Readable.toWeb(res.body) as ReadableStream, { headers });
}

function extractAudio(input: string, output: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const p = spawn(ffmpegPath(), ["-v", "error", "-y", "-i", input, "-vn", "-c:a", "aac", "-b:a", "192k", "-f", "mp4", output], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    const timer = setTimeout(() => p.kill("SIGKILL"), 120_000);
    p.stderr.on("data", (c) => (err += c));
    p.on("error", reject);
    p.on("close", (code) => {
      clearTimeout(timer);
      if (code === 0) resolve();
      else reject(badRequest(`The audio track could not be extracted: ${err.trim().split("\n").pop() ?? `ffmpeg exited ${code}`}`));
    });
  });
}

async function storeUpload(actor: Actor, abs: string, id: string, filename: string) {
  const bytes = (await fs.promises.stat(abs)).size;
  return db.upload.create({ data: { id, userId: actor.userId, teamId: actor.teamId, filename, path: `uploads/${id}`, bytes } });
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
  try {
    if (row.videoUrl) {
      const vid = randomUUID();
      await safeDownload(row.videoUrl, path.join(dir, vid), opts);
      videoUploadId = (await storeUpload(actor, path.join(dir, vid), vid, `${base}.mp4`)).id;
      const aid = randomUUID();
      await extractAudio(path.join(dir, vid), path.join(dir, aid));
      audioUploadId = (await storeUpload(actor, path.join(dir, aid), aid, `${base}.m4a`)).id;
    } else if (row.musicUrl) {
      const aid = randomUUID();
      await safeDownload(row.musicUrl, path.join(dir, aid), opts);
      audioUploadId = (await storeUpload(actor, path.join(dir, aid), aid, `${base}.mp3`)).id;
    } else {
      throw badRequest("This parse has neither a video nor music to save");
    }
  } catch (error) {
    if (error instanceof SafeFetchError) throw badRequest(`The media could not be downloaded: ${error.message}`);
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
  return createOrder(actor, { orderType: "track-separation", stuff: { pathKey: `${UPLOAD_PREFIX}${row.audioUploadId}` } }, `short-video:${row.id}:separate`);
}
