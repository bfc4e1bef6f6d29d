// "Export mix": the timeline's audible clips rendered by ffmpeg into one WAV or MP3, exactly as the
// Web Audio preview (lib/studio/schedule.ts) plays them, so the two agree sample for sample:
//   - every time is rounded to a sample frame at the export rate the way the scheduler rounds it
//     (clip start, source in-point and length each on their own);
//   - a clip reads [sourceStart, sourceStart + duration) of its media (atrim by sample), is
//     multiplied by volume × linear fades (afade curve=tri by sample count: frame k of an n-frame
//     fade-in has gain k/n, of a fade-out (n − k)/n, as linearRampToValueAtTime gives at frame
//     times) and placed at its start (adelay by samples);
//   - clips are summed without normalisation (amix normalize=0: every input's scale is its
//     weight, 1, in ffmpeg 5.1, whatever the number of inputs and whenever one ends); the output is
//     exactly as long as an OfflineAudioContext render: ceil(end of the last clip × rate);
//   - a mono source is heard in both channels at full level, as Web Audio up-mixes mono
//     (ffmpeg's default would put it at −3 dB in each).
// The job is an Order of type `studio-export` (lease, retry, progress, retention of the job runner):
// nothing is held or charged, no ledger row is written, and the Open API neither creates nor shows it.
import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { z } from "zod";
import { db } from "@/lib/db";
import { AppError, badRequest } from "@/lib/errors";
import { wakeRunners } from "@/lib/jobs/signal";
import { resolveMedia } from "@/lib/library/resolve";
import { MediaError, probe, renderFilterGraph, type RunOptions } from "@/lib/media/ffmpeg";
import { finishOrder, LeaseLostError, type ClaimedOrder } from "@/lib/orders/lifecycle";
import { newOrderNo } from "@/lib/orders/order-no";
import { dataDir, ensureDir, resolveData } from "@/lib/storage/files";
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
function toStereo(channels: number): string {
  if (channels === 1) return "pan=stereo|c0=c0|c1=c0";
  if (channels === 6) return "pan=stereo|c0=c0+0.7071*c2+0.7071*c4|c1=c1+0.7071*c2+0.7071*c5";
  return "aformat=channel_layouts=stereo";
}

/**
 * The ffmpeg filter graph of a mix. `inputs[k]` is the media of input `k` and its channel count;
 * every clip's media must be among them. Output label `[out]`, float stereo at `rate`.
 */
export function mixGraph(
  clips: readonly AudibleClip[],
  inputs: readonly { ref: MediaRef; channels: number }[],
  rate: number,
): string {
  const lines: string[] = [];
  const users = inputs.map((input) => clips.filter((c) => c.media === input.ref));
  const labels: string[][] = [];
  inputs.forEach((input, k) => {
    const n = users[k].length;
    const prep = `[${k}:a:0]${toStereo(input.channels)},aresample=${rate},aformat=sample_fmts=fltp:sample_rates=${rate}:channel_layouts=stereo,asetpts=N/SR/TB`;
    if (n === 1) {
      lines.push(`${prep}[s${k}_0]`);
      labels.push([`s${k}_0`]);
    } else {
      const outs = Array.from({ length: n }, (_, i) => `s${k}_${i}`);
      lines.push(`${prep},asplit=${n}${outs.map((o) => `[${o}]`).join("")}`);
      labels.push(outs);
    }
  });
  const used = inputs.map(() => 0);
  // Every clip in frames, then laid into lanes: clips that do not overlap (as on one track) play
  // one after another in one lane (concat, gaps padded with silence), so the mix sums a few lanes
  // instead of one input per clip over the whole length (amix's cost is inputs × length).
  const placed = clips
    .map((c) => {
      const k = inputs.findIndex((i) => i.ref === c.media);
      if (k < 0) throw new Error(`mixGraph: no input for ${c.media}`);
      const length = frames(c.duration, rate);
      const fadeIn = Math.min(frames(c.fadeIn, rate), length);
      return {
        c,
        from: labels[k][used[k]++],
        start: frames(c.start, rate),
        offset: frames(c.sourceStart, rate),
        length,
        fadeIn,
        fadeOut: Math.min(frames(c.fadeOut, rate), length - fadeIn),
      };
    })
    .sort((a, b) => a.start - b.start);
  const lanes: { end: number; items: typeof placed }[] = [];
  for (const p of placed) {
    let lane = lanes.find((l) => l.end <= p.start);
    if (!lane) {
      lane = { end: 0, items: [] };
      lanes.push(lane);
    }
    lane.items.push(p);
    lane.end = p.start + p.length;
  }
  let piece = 0;
  const mixed = lanes.map((lane, l) => {
    const parts = lane.items.map((p, i) => {
      const lead = i === 0 ? p.start : 0;
      const next = lane.items[i + 1];
      const chain = [
        `atrim=start_sample=${p.offset}:end_sample=${p.offset + p.length}`,
        "asetpts=PTS-STARTPTS",
        `volume=volume=${p.c.volume}:precision=float`,
        ...(p.fadeIn > 0 ? [`afade=t=in:ss=0:ns=${p.fadeIn}:curve=tri`] : []),
        ...(p.fadeOut > 0 ? [`afade=t=out:ss=${p.length - p.fadeOut}:ns=${p.fadeOut}:curve=tri`] : []),
        ...(lead > 0 ? [`adelay=delays=${lead}S:all=1`] : []),
        // Exactly up to the next clip's start, whatever the source held (a short file plays shorter).
        ...(next
          ? [`apad=whole_len=${lead + next.start - p.start}`, `atrim=end_sample=${lead + next.start - p.start}`]
          : []),
      ];
      const label = `p${piece++}`;
      lines.push(`[${p.from}]${chain.join(",")}[${label}]`);
      return `[${label}]`;
    });
    if (parts.length === 1) return parts[0];
    lines.push(`${parts.join("")}concat=n=${parts.length}:v=0:a=1[lane${l}]`);
    return `[lane${l}]`;
  });
  const total = mixLength(clips, rate);
  lines.push(
    `${mixed.join("")}amix=inputs=${mixed.length}:normalize=0:duration=longest:dropout_transition=0,apad=whole_len=${total},atrim=end_sample=${total}[out]`,
  );
  return `${lines.join(";\n")}\n`;
}

export type RenderOptions = RunOptions & {
  format: ExportFormat;
  sampleRate?: number;
  /** Scratch directory for the graph script. */
  workDir: string;
  title?: string;
  onProgress?: (fraction: number) => void;
};

/** Renders audible clips of a team's media to `outPath`; every ref is resolved within the team. */
export async function renderClips(
  teamId: string,
  clips: readonly AudibleClip[],
  outPath: string,
  opts: RenderOptions,
): Promise<{ frames: number; sampleRate: number }> {
  if (clips.length === 0) throw badRequest("Nothing to export: no clip is audible");
  const rate = opts.sampleRate ?? EXPORT_SAMPLE_RATE;
  const refs = [...new Set(clips.map((c) => c.media))];
  const inputs: { ref: MediaRef; channels: number; file: string; demuxer: string }[] = [];
  for (const ref of refs) {
    const media = await resolveMedia(teamId, ref);
    const info = await probe(media.absPath, opts);
    inputs.push({ ref, channels: info.audio?.channels ?? 2, file: media.absPath, demuxer: info.demuxer });
  }
  await fs.promises.mkdir(opts.workDir, { recursive: true });
  const script = path.join(opts.workDir, `mix-${randomUUID()}.txt`);
  await fs.promises.writeFile(script, mixGraph(clips, inputs, rate));
  const total = mixLength(clips, rate);
  try {
    await renderFilterGraph({
      ...opts,
      inputs,
      filterScript: script,
      outPath,
      format: opts.format,
      sampleRate: rate,
      durationSec: total / rate,
      metadata: opts.title ? { title: opts.title } : undefined,
    });
  } finally {
    await fs.promises.rm(script, { force: true });
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
  try {
    await db.order.create({
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
    });
  } catch (error) {
    await fs.promises.rm(resolveData(snapshotRel(orderNo)), { force: true });
    throw error;
  }
  wakeRunners();
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
    snapshot = JSON.parse(await fs.promises.readFile(resolveData(snapshotRel(order.orderNo)), "utf8")) as Snapshot;
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
