// Browser helpers on the team's uploads: fetch a link into an upload (SSRF-safe, probed), and the
// waveform peaks of an upload (decoded by ffmpeg, cached beside the file).
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { badRequest, notFound } from "@/lib/errors";
import { UPLOAD_PREFIX } from "@/lib/contracts/orders";
import { MediaError, decodeToFloat32, inspectMedia, measureDurationSec, probe } from "@/lib/media/ffmpeg";
import { SafeFetchError, safeDownload } from "@/lib/media/safe-fetch";
import { ensureDir, resolveData } from "@/lib/storage/files";
import { materialise, persist } from "@/lib/storage/store";

function nameFrom(url: string, disposition: string | undefined): string {
  const fromHeader = disposition && /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition)?.[1];
  let name = fromHeader ? decodeURIComponent(fromHeader) : "";
  if (!name) {
    try {
      name = decodeURIComponent(path.posix.basename(new URL(url).pathname));
    } catch {
      name = "";
    }
  }
  return (name || "audio").replace(/[\\/\0\r\n"]/g, "_").slice(0, 200);
}

export async function uploadFromUrl(actor: { userId: string; teamId: string }, url: string) {
  const id = randomUUID();
  const dir = await ensureDir("uploads");
  const abs = path.join(dir, id);
  const e = env();
  let got: Awaited<ReturnType<typeof safeDownload>>;
  try {
    got = await safeDownload(url, abs, {
      maxBytes: e.MAX_UPLOAD_MB * 1024 * 1024,
      timeoutMs: e.FETCH_TIMEOUT_SECONDS * 1000,
    });
  } catch (error) {
    if (error instanceof SafeFetchError)
      throw badRequest(`The link could not be fetched: ${error.message}`, { url: error.message });
    throw error;
  }
  let durationSec: number;
  try {
    const media = await inspectMedia(abs);
    durationSec = media.durationSec;
  } catch (error) {
    await fs.promises.rm(abs, { force: true });
    if (error instanceof MediaError) throw badRequest(error.message, { url: error.message });
    throw error;
  }
  // S3 down: nothing is recorded and this machine keeps no copy either (a 503, storage_unavailable).
  await persist(`uploads/${id}`).catch(async (error) => {
    await fs.promises.rm(abs, { force: true });
    throw error;
  });
  const upload = await db.upload.create({
    data: {
      id,
      userId: actor.userId,
      teamId: actor.teamId,
      filename: nameFrom(got.url, undefined),
      source: "link",
      durationUs: BigInt(Math.round(durationSec * 1_000_000)),
      path: `uploads/${id}`,
      bytes: got.bytes,
    },
  });
  return { id: upload.id, pathKey: `${UPLOAD_PREFIX}${upload.id}`, name: upload.filename, durationSec };
}

const PEAK_RATE = 8000;

/** Longest upload whose waveform is drawn (its samples are held in memory while the peaks are taken). */
const PEAKS_MAX_SEC = 30 * 60;

export const peaksCachePath = (uploadRel: string) => `${uploadRel}.peaks.json`;

/** Max |sample| per bucket (0..1) over both channels, `points` buckets; cached per point count. */
export async function uploadPeaks(teamId: string, id: string, points: number) {
  const upload = await db.upload.findFirst({ where: { id, teamId } });
  if (!upload) throw notFound("Upload not found");
  const cacheAbs = resolveData(peaksCachePath(upload.path));
  let cache: Record<string, { durationSec: number; peaks: number[] }> = {};
  try {
    cache = JSON.parse(await fs.promises.readFile(cacheAbs, "utf8"));
  } catch {
    /* no cache yet */
  }
  if (cache[points]) return cache[points];
  let pcm;
  try {
    // Measured first, so a small file of compressed silence cannot make the decode below hold hours
    // of samples in memory.
    const abs = await materialise(upload.path);
    const info = await probe(abs);
    const sec = await measureDurationSec(abs, info.demuxer, { maxSec: PEAKS_MAX_SEC });
    pcm = await decodeToFloat32(abs, { sampleRate: PEAK_RATE, demuxer: info.demuxer, expectedDurationSec: sec });
  } catch (error) {
    if (error instanceof MediaError) throw badRequest(error.message);
    throw error;
  }
  const n = pcm.left.length;
  const peaks = new Array<number>(points).fill(0);
  for (let b = 0; b < points; b++) {
    const start = Math.floor((b * n) / points);
    const end = Math.max(start + 1, Math.floor(((b + 1) * n) / points));
    let max = 0;
    for (let i = start; i < end && i < n; i++) {
      const v = Math.max(Math.abs(pcm.left[i]), Math.abs(pcm.right[i]));
      if (v > max) max = v;
    }
    peaks[b] = Math.min(1, Math.round(max * 1000) / 1000);
  }
  const result = { durationSec: n / PEAK_RATE, peaks };
  cache[points] = result;
  await fs.promises.writeFile(cacheAbs, JSON.stringify(cache)).catch(() => undefined);
  return result;
}
