// "Export mix": the timeline's audible clips rendered into one WAV or MP3 exactly as the Web Audio
// preview (lib/studio/schedule.ts) plays them, so the two agree sample for sample:
//   - every time is rounded to a sample frame at the export rate the way the scheduler rounds it
//     (clip start, source in-point and length each on their own);
//   - a clip reads [sourceStart, sourceStart + duration) of its media and is multiplied by
//     volume × linear fades: frame k of an n-frame fade-in has gain k/n, of a fade-out (n − k)/n,
//     which is what linearRampToValueAtTime gives at frame times;
//   - clips are summed without normalisation; the output is exactly as long as an
//     OfflineAudioContext render: ceil(end of the last clip × rate);
//   - a mono source is heard in both channels at full level, as Web Audio up-mixes mono
//     (ffmpeg's default would put it at −3 dB in each), 5.1 folds down by the "speakers" rules.
// ffmpeg decodes each source once (the hardened input path) to float at the export rate and
// encodes the result; the sum itself is done here, block by block. (A filter graph of atrim/afade/
// adelay/amix per clip gives the same samples, but lavfi's scheduling grows with the number of
// filters: 500 clips over 10 minutes took about 3 minutes, against seconds this way.)
// The job is an Order of type `studio-export` (lease, retry, progress, retention of the job runner):
// nothing is held or charged, no ledger row is written, and the Open API neither creates nor shows it.
import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError, badRequest } from "@/lib/errors";
import { orderQueued } from "@/lib/jobs/enqueue";
import { resolveMedia } from "@/lib/library/resolve";
import { MediaError, decodeToRawFile, openStereoEncoder, probe, type RunOptions } from "@/lib/media/ffmpeg";
import { finishOrder, LeaseLostError, type ClaimedOrder } from "@/lib/orders/lifecycle";
import { newOrderNo } from "@/lib/orders/order-no";
import { dataDir, ensureDir, resolveData } from "@/lib/storage/files";
import { materialise, persist } from "@/lib/storage/store";
import { STUDIO_EXPORT, discardExportInput, snapshotRel } from "@/lib/studio/export-snapshot";
import { audibleClips } from "@/lib/studio/model";
import type { AudibleClip, MediaRef, StudioTimeline } from "@/lib/studio/types";

export { STUDIO_EXPORT };

export const EXPORT_FORMATS = ["wav", "mp3"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
export const exportBodySchema = z.object({
  format: z.enum(EXPORT_FORMATS, { error: "format must be wav or mp3" }).default("wav"),
});

/** The export's rate: what video editors (JianYing included) mix at. */
export const EXPORT_SAMPLE_RATE = 48_000;

const US = 1_000_000;
const frames = (us: number, rate: number) => Math.round((us * rate) / US);

/** Length of the render in frames, as the scheduler's renderLength: the end of the last clip, rounded up. */
export function mixLength(clips: readonly Pick<AudibleClip, "start" | "duration">[], rate: number): number {
  let endUs = 0;
  for (const c of clips) endUs = Math.max(endUs, c.start + c.duration);
  return Math.max(1, Math.ceil((endUs * rate) / US));
}

/** Down/up-mix to stereo the way Web Audio's "speakers" rules do for the common layouts. */
function toStereo(channels: number): string | undefined {
  if (channels === 1) return "pan=stereo|c0=c0|c1=c0";
  if (channels === 6) return "pan=stereo|c0=c0+0.7071*c2+0.7071*c4|c1=c1+0.7071*c2+0.7071*c5";
  return undefined;
}

/** A clip in frames at the export rate, rounded as the scheduler rounds (each value on its own). */
export type PlacedClip = {
  media: MediaRef;
  start: number;
  offset: number;
  length: number;
  volume: number;
  fadeIn: number;
  fadeOut: number;
};

export function placeClips(clips: readonly AudibleClip[], rate: number): PlacedClip[] {
  return clips
    .map((c) => {
      const length = frames(c.duration, rate);
      const fadeIn = Math.min(frames(c.fadeIn, rate), length);
      return {
        media: c.media,
        start: frames(c.start, rate),
        offset: frames(c.sourceStart, rate),
        length,
        volume: c.volume,
        fadeIn,
        fadeOut: Math.min(frames(c.fadeOut, rate), length - fadeIn),
      };
    })
    .sort((a, b) => a.start - b.start);
}

/** Gain of frame `k` of a clip: volume × linear fade-in (k/n) × linear fade-out ((length − k)/n). */
export function clipGain(p: PlacedClip, k: number): number {
  let g = p.volume;
  if (k < p.fadeIn) g *= k / p.fadeIn;
  const outStart = p.length - p.fadeOut;
  if (p.fadeOut > 0 && k >= outStart) g *= (p.length - k) / p.fadeOut;
  return g;
}

/** Output frames mixed and handed to the encoder at a time (1 s at 48 kHz: 384 KB). */
const BLOCK = 48_000;

export type RenderOptions = RunOptions & {
  format: ExportFormat;
  sampleRate?: number;
  /** Scratch directory for the decoded sources. */
  workDir: string;
  title?: string;
  onProgress?: (fraction: number) => void;
};

/**
 * Renders audible clips of a team's media to `outPath`; every ref is resolved within the team.
 * Each source is decoded once by ffmpeg (hardened input) to stereo float at the export rate in the
 * work directory; the clips are then summed here block by block (only the clips a block overlaps,
 * so the cost follows the clips' total length, not clips × timeline) and streamed to the encoder.
 */
export async function renderClips(
  teamId: string,
  clips: readonly AudibleClip[],
  outPath: string,
  opts: RenderOptions,
): Promise<{ frames: number; sampleRate: number }> {
  if (clips.length === 0) throw badRequest("Nothing to export: no clip is audible");
  const rate = opts.sampleRate ?? EXPORT_SAMPLE_RATE;
  const refs = [...new Set(clips.map((c) => c.media))];
  await fs.promises.mkdir(opts.workDir, { recursive: true });
  const sources = new Map<MediaRef, fs.promises.FileHandle>();
  const raws: string[] = [];
  const total = mixLength(clips, rate);
  try {
    for (const [i, ref] of refs.entries()) {
      const media = await resolveMedia(teamId, ref);
      const local = await materialise(media.rel);
      const info = await probe(local, opts);
      const raw = path.join(opts.workDir, `source-${randomUUID()}.f32`);
      raws.push(raw);
      await decodeToRawFile(local, info.demuxer, raw, {
        ...opts,
        sampleRate: rate,
        channelMap: toStereo(info.audio?.channels ?? 2),
      });
      sources.set(ref, await fs.promises.open(raw, "r"));
      opts.onProgress?.((0.4 * (i + 1)) / refs.length);
    }
    const placed = placeClips(clips, rate);
    const encoder = openStereoEncoder(outPath, {
      ...opts,
      format: opts.format,
      sampleRate: rate,
      metadata: opts.title ? { title: opts.title } : undefined,
    });
    try {
      const read = Buffer.alloc(BLOCK * 8);
      let first = 0; // clips before this one have ended before the current block
      for (let b0 = 0; b0 < total; b0 += BLOCK) {
        const n = Math.min(BLOCK, total - b0);
        const mix = new Float32Array(n * 2);
        while (first < placed.length && placed[first].start + placed[first].length <= b0) first++;
        for (let i = first; i < placed.length && placed[i].start < b0 + n; i++) {
          const p = placed[i];
          const from = Math.max(p.start, b0);
          const to = Math.min(p.start + p.length, b0 + n);
          if (to <= from) continue;
          const src = p.offset + (from - p.start);
          const { bytesRead } = await sources.get(p.media)!.read(read, 0, (to - from) * 8, src * 8);
          const pcm = new Float32Array(read.buffer, read.byteOffset, Math.floor(bytesRead / 8) * 2);
          // A source shorter than the clip asks simply ends early (as a Web Audio buffer does).
          for (let f = 0; f < pcm.length / 2; f++) {
            const g = clipGain(p, from + f - p.start);
            const o = (from - b0 + f) * 2;
            mix[o] += g * pcm[2 * f];
            mix[o + 1] += g * pcm[2 * f + 1];
          }
        }
        await encoder.write(Buffer.from(mix.buffer));
        opts.onProgress?.(0.4 + (0.6 * (b0 + n)) / total);
      }
    } catch (error) {
      await encoder.abort();
      throw error;
    }
    await encoder.end();
  } finally {
    await Promise.all([...sources.values()].map((h) => h.close().catch(() => {})));
    await Promise.all(raws.map((r) => fs.promises.rm(r, { force: true })));
  }
  return { frames: total, sampleRate: rate };
}

// ---- The job -----------------------------------------------------------------------------------

type Snapshot = { name: string; format: ExportFormat; clips: AudibleClip[] };

/** A file name from a project name: no path separators or control characters, not empty. */
export function exportFileName(name: string, format: ExportFormat): string {
  const clean = [...name]
    .map((ch) => (ch.charCodeAt(0) < 32 || ch.charCodeAt(0) === 127 || '\\/:*?"<>|'.includes(ch) ? " " : ch))
    .join("")
    .replace(/ {2,}/g, " ")
    .trim()
    .slice(0, 120)
    .trim();
  return `${clean.replace(/^\.+/, "") || "Studio mix"}.${format}`;
}

/**
 * Queues the export of a timeline as an Order of type `studio-export` (free: no hold, no charge) and
 * answers its orderNo; progress and the result come through the order routes. Every audible media
 * ref is checked against the actor's team first (404 "Media not found").
 */
export async function exportTimeline(
  actor: { userId: string; teamId: string },
  timeline: StudioTimeline,
  opts: { format: ExportFormat; name: string; projectId?: string },
): Promise<{ orderNo: string }> {
  const clips = audibleClips(timeline);
  if (clips.length === 0) throw badRequest("Nothing to export: no clip is audible");
  for (const ref of new Set(clips.map((c) => c.media))) await resolveMedia(actor.teamId, ref);
  const orderNo = newOrderNo();
  await ensureDir("work/studio-export");
  const snapshot: Snapshot = { name: opts.name, format: opts.format, clips };
  await fs.promises.writeFile(resolveData(snapshotRel(orderNo)), JSON.stringify(snapshot));
  let orderId: string;
  try {
    // STORAGE=s3: a worker on another machine reads it from the bucket.
    await persist(snapshotRel(orderNo), { keepLocal: true });
    ({ id: orderId } = await db.order.create({
      data: {
        orderNo,
        userId: actor.userId,
        teamId: actor.teamId,
        type: STUDIO_EXPORT,
        pathKey: `studio:${opts.projectId ?? "timeline"}`,
        messageId: randomUUID(),
        holdAmount: 0,
        // Nothing is ever charged for an export: it never waits for a capture.
        payStatus: "released",
        durationSec: mixLength(clips, EXPORT_SAMPLE_RATE) / EXPORT_SAMPLE_RATE,
      },
      select: { id: true },
    }));
  } catch (error) {
    await fs.promises.rm(resolveData(snapshotRel(orderNo)), { force: true });
    throw error;
  }
  await orderQueued(orderId);
  return { orderNo };
}

type Outcome = { kind: "finished" } | { kind: "failed"; reason: string } | { kind: "retry"; reason: string };

/** Runs one claimed `studio-export` order (called by the job runner's processOrder). */
export async function processStudioExport(
  order: ClaimedOrder,
  ctx: { workerId: string; signal: AbortSignal; progress: (fraction: number, stage: string) => void },
): Promise<Outcome> {
  let snapshot: Snapshot;
  try {
    const abs = await materialise(snapshotRel(order.orderNo));
    snapshot = JSON.parse(await fs.promises.readFile(abs, "utf8")) as Snapshot;
  } catch {
    return { kind: "failed", reason: "The export's timeline is gone; export again" };
  }
  const workDir = await ensureDir(path.join("work", order.orderNo));
  const resultsRel = path.posix.join("results", order.orderNo);
  const name = exportFileName(snapshot.name, snapshot.format);
  const outPath = path.join(await ensureDir(resultsRel), name);
  try {
    ctx.progress(0.02, "preparing");
    const { frames: total, sampleRate } = await renderClips(order.teamId, snapshot.clips, outPath, {
      format: snapshot.format,
      workDir,
      signal: ctx.signal,
      title: snapshot.name,
      onProgress: (f) => ctx.progress(0.05 + 0.93 * f, "rendering"),
    });
    const bytes = (await fs.promises.stat(outPath)).size;
    const rel = path.relative(dataDir(), outPath).split(path.sep).join("/");
    await persist(rel);
    await finishOrder(order, ctx.workerId, [{ name, business: "mix", path: rel, bytes }]);
    await db.orderFile.updateMany({
      where: { orderId: order.id },
      data: { durationUs: BigInt(Math.round((total / sampleRate) * US)) },
    });
    await discardExportInput(order.orderNo);
    return { kind: "finished" };
  } catch (error) {
    await fs.promises.rm(outPath, { force: true });
    if (error instanceof MediaError)
      return error.kind === "failed"
        ? { kind: "retry", reason: error.message }
        : { kind: "failed", reason: error.message };
    if (error instanceof AppError && error.kind === "not_found")
      return { kind: "failed", reason: "A clip's media is no longer in the library" };
    if (error instanceof LeaseLostError) throw error;
    return { kind: "retry", reason: error instanceof Error ? error.message : "unexpected error" };
  } finally {
    await fs.promises.rm(workDir, { recursive: true, force: true });
  }
}
