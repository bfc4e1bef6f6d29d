// Fetching a draft's audio: every URL goes through the SSRF-safe downloader, then the hardened
// media path (lib/media/ffmpeg.ts) refuses playlists and measures the decoded length. Files land in DATA_DIR/drafts/<id>/assets/audio/<material id>.<ext>.
import "server-only";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { DraftError } from "@/lib/drafts/errors";
import { AUDIO_DIR } from "@/lib/drafts/jianying";
import { newId } from "@/lib/drafts/timeline";
import { MediaError, inspectMedia } from "@/lib/media/ffmpeg";
import { SafeFetchError, safeDownload } from "@/lib/media/safe-fetch";
import { ensureDir } from "@/lib/storage/files";
import { persist } from "@/lib/storage/store";
import { StorageUnavailableError } from "@/lib/errors";

export type NewMaterial = {
  id: string;
  url: string;
  urlHash: string;
  fileName: string;
  durationUs: number;
  absPath: string;
  /** The readable name (the link's file name, the library item's name); null = none known. */
  displayName?: string | null;
};

/** The last path segment of a link, decoded: what a person calls the file. */
export function nameFromUrl(url: string): string | null {
  try {
    const last = new URL(url).pathname.split("/").filter(Boolean).at(-1);
    return last ? decodeURIComponent(last).slice(0, 200) : null;
  } catch {
    return null;
  }
}

export const urlHash = (url: string) => createHash("sha256").update(url).digest("hex");

export const draftDir = (draftId: string) => `drafts/${draftId}`;

const EXT_BY_FORMAT: [RegExp, string][] = [
  [/^mp3$/, "mp3"],
  [/^wav$/, "wav"],
  [/^flac$/, "flac"],
  [/^ogg$/, "ogg"],
  [/^aac$/, "aac"],
  [/mp4|m4a|mov/, "m4a"],
];

function extensionFor(url: string, format: string): string {
  const fromUrl = /\.([a-z0-9]{2,4})$/i.exec(new URL(url).pathname)?.[1]?.toLowerCase();
  if (fromUrl && ["mp3", "wav", "m4a", "aac", "flac", "ogg", "opus", "mp4"].includes(fromUrl)) return fromUrl;
  return EXT_BY_FORMAT.find(([re]) => re.test(format))?.[1] ?? "audio";
}

/**
 * Downloads and probes one URL. Unreachable, blocked or non-audio → 404 音频资源不存在;
 * anything else that goes wrong → 500 音频处理失败.
 */
export async function fetchMaterial(draftId: string, url: string): Promise<NewMaterial> {
  const dir = await ensureDir(`${draftDir(draftId)}/${AUDIO_DIR}`);
  const id = newId();
  const tmp = path.join(/* turbopackIgnore: true */ dir, `.${id}.part`);
  try {
    await safeDownload(url, tmp, { timeoutMs: 120_000 });
    const info = await inspectMedia(tmp);
    if (!info.audio) throw new DraftError("audioNotFound");
    const fileName = `${id}.${extensionFor(url, info.format)}`;
    const absPath = path.join(/* turbopackIgnore: true */ dir, fileName);
    await fs.promises.rename(tmp, absPath);
    // STORAGE=s3: the draft's media live in the bucket (the zip streams them from there).
    await persist(`${draftDir(draftId)}/${AUDIO_DIR}/${fileName}`);
    return {
      id,
      url,
      urlHash: urlHash(url),
      fileName,
      durationUs: Math.round(info.durationSec * 1_000_000),
      absPath,
      displayName: nameFromUrl(url),
    };
  } catch (error) {
    await fs.promises.rm(tmp, { force: true });
    if (error instanceof DraftError) throw error;
    // The bucket is down: a retryable 503 (storage_unavailable), not "audio processing failed".
    if (error instanceof StorageUnavailableError) throw error;
    if (error instanceof SafeFetchError) throw new DraftError("audioNotFound", error);
    if (error instanceof MediaError && error.kind !== "failed") throw new DraftError("audioNotFound", error);
    throw new DraftError("audioFailed", error);
  }
}

/** Runs `fn` over `items` with at most `limit` at a time; the first failure rejects after all settle. */
export async function mapLimited<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results: PromiseSettledResult<R>[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      try {
        results[i] = { status: "fulfilled", value: await fn(items[i]) };
      } catch (reason) {
        results[i] = { status: "rejected", reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

const LINKABLE_EXT = new Set(["mp3", "wav", "m4a", "aac", "flac", "ogg", "opus", "mp4", "webm", "mka", "mkv", "mov"]);

/**
 * Brings a file already in DATA_DIR (a library item: upload, order result, another draft's
 * material) into the draft, never over HTTP: a hard link when DATA_DIR allows one (no copy, and the
 * draft keeps the bytes when the original is swept), else a copy; then probed like a download.
 * `url` is the material's identity in the draft (the library ref or the source material's URL).
 * Throws MediaError when the file holds no audio.
 */
export async function importMaterial(
  draftId: string,
  url: string,
  sourcePath: string,
  displayName: string | null = null,
): Promise<NewMaterial> {
  const dir = await ensureDir(`${draftDir(draftId)}/${AUDIO_DIR}`);
  const id = newId();
  const tmp = path.join(/* turbopackIgnore: true */ dir, `.${id}.part`);
  try {
    try {
      await fs.promises.link(sourcePath, tmp);
    } catch {
      await fs.promises.copyFile(sourcePath, tmp);
    }
    const info = await inspectMedia(tmp);
    if (!info.audio) throw new MediaError("no_audio", "The file has no audio track");
    const fromName = /\.([a-z0-9]{2,4})$/i.exec(sourcePath)?.[1]?.toLowerCase();
    const ext =
      fromName && LINKABLE_EXT.has(fromName)
        ? fromName
        : (EXT_BY_FORMAT.find(([re]) => re.test(info.format))?.[1] ?? "audio");
    const fileName = `${id}.${ext}`;
    const absPath = path.join(/* turbopackIgnore: true */ dir, fileName);
    await fs.promises.rename(tmp, absPath);
    // STORAGE=s3: the draft's media live in the bucket (the zip streams them from there).
    await persist(`${draftDir(draftId)}/${AUDIO_DIR}/${fileName}`);
    return {
      id,
      url,
      urlHash: urlHash(url),
      fileName,
      durationUs: Math.round(info.durationSec * 1_000_000),
      absPath,
      displayName,
    };
  } catch (error) {
    await fs.promises.rm(tmp, { force: true });
    throw error;
  }
}
