// Local "upload and extend" engine: keeps a song up to continueAt and continues it by walking
// through its own musically similar beats (no generative model; see README.md in this folder).
//
// Pipeline: decode (ffmpeg, main thread) → analysis + walk planning in a worker thread (mono copy
// transferred) → render each variant (copies + crossfades, main thread) → encode the variants in
// parallel (ffmpeg, ID3 title; the part all variants share is encoded once, see encodeVariants) →
// cover PNG drawn from each variant.
import { mkdir, readFile, unlink, writeFile } from "node:fs/promises";
import path from "node:path";
import type { Engine, EngineFile } from "@/lib/engines/types";
import { abortError, engineWorkerPath, runWorkerJob } from "@/lib/engines/worker-job";
import { badRequest } from "@/lib/errors";
import { decodeToFloat32, type EncodeOptions, encodeFromFloat32, type StereoPcm } from "@/lib/media/ffmpeg";
import { MP3_FRAME_SAMPLES, planTail, spliceMp3 } from "@/lib/media/mp3-splice";
import type { AnalysisParams } from "./analysis.mjs";
import { writeCover } from "./cover";
import { renderPlan } from "./render";
import type { Plan, WalkParams } from "./walk.mjs";

export interface ExtendRequest {
  inputPath: string; // a local audio file already checked by the media layer
  continueAt: number; // seconds, 0 < continueAt < duration
  targetSeconds?: number; // total output length; default: min(480, continueAt + max(60, sourceDuration))
  workDir: string; // absolute dir to write outputs into
  title?: string; // written into tags
  variants?: number; // default 2
  seed?: string; // deterministic walks; default derived from inputPath
  onProgress?: (fraction: number, stage: string) => void;
  signal?: AbortSignal;
}
export interface ExtendVariant {
  audioPath: string /* mp3 */;
  imagePath: string /* cover */;
  duration: number /* s */;
  jumps: number;
}
export interface ExtendResult {
  variants: ExtendVariant[];
  tempoBpm: number;
  beats: number;
}

/** What the walk did, for tests and the bench (not part of the public result). */
export interface ExtendDetails {
  sampleRate: number;
  sourceDuration: number;
  targetSeconds: number;
  beatTimes: Float64Array;
  period: number;
  phase: number;
  medianDistance: number;
  plans: Plan[];
  /** The rendered variants before mp3 encoding (only with `keepPcm`). */
  pcm?: StereoPcm[];
}

export interface ExtendTuning {
  analysisParams?: Partial<AnalysisParams>;
  walkParams?: Partial<WalkParams>;
  keepPcm?: boolean;
}

const SR = 44100;
const MAX_TARGET_SECONDS = 20 * 60;
const MAX_VARIANTS = 4;
const P_DECODE = 0.08;
const P_ANALYZE = 0.35;
const P_ENCODE = 0.97;
const MP3_KBPS = 192;

export const workerPath = (): string => engineWorkerPath(import.meta.url, "local-extend");

interface WorkerDone {
  tempoBpm: number;
  period: number;
  phase: number;
  beats: Float64Array;
  chroma: Float32Array;
  medianDistance: number;
  plans: Plan[];
}

function runWorker(
  job: {
    mono: Float32Array;
    sampleRate: number;
    continueAt: number;
    targetSeconds: number;
    seeds: string[];
  } & ExtendTuning,
  signal: AbortSignal | undefined,
  onProgress: (f: number) => void,
): Promise<WorkerDone & { type: "done" }> {
  const { mono, keepPcm: _keep, ...rest } = job;
  return runWorkerJob<WorkerDone>({
    file: workerPath(),
    what: "Extension analysis",
    message: { type: "extend", mono, ...rest },
    transfer: [mono.buffer as ArrayBuffer],
    signal,
    onProgress,
  });
}

/** Source beat index playing at output sample `o` of a plan. */
function sourceBeatAt(plan: Plan, beats: Float64Array, sr: number, o: number): number {
  let acc = 0;
  for (const g of plan.segments) {
    const len = g.srcEnd - g.srcStart;
    if (o < acc + len) {
      const t = (g.srcStart + (o - acc)) / sr;
      let lo = 0,
        hi = beats.length - 1;
      if (hi < 0 || t < beats[0]) return -1;
      while (lo < hi) {
        const mid = (lo + hi + 1) >> 1;
        if (beats[mid] <= t) lo = mid;
        else hi = mid - 1;
      }
      return lo;
    }
    acc += len;
  }
  return -1;
}

/** Leading samples two renders share (both channels bit-equal). */
function sharedSamples(a: StereoPcm, b: StereoPcm): number {
  const n = Math.min(a.left.length, b.left.length);
  let i = 0;
  while (i < n && a.left[i] === b.left[i] && a.right[i] === b.right[i]) i++;
  return i;
}

const tailPath = (audioPath: string) => `${audioPath}.tail`;

/**
 * Encodes every variant to its mp3. The variants are the same audio up to the first jump (about
 * continueAt), so variant 1 is encoded in full and each other variant only from ≈ 5 s before its
 * own material starts; spliceMp3 then joins variant 1's frames and the tail's where the encoders
 * have converged, which decodes to the same samples as a full encode of that variant (see
 * lib/media/mp3-splice.ts) and saves encoding the shared part again — about half of each further
 * encode for a default task. When a splice is not possible the variant is encoded in full.
 */
async function encodeVariants(
  rendered: StereoPcm[],
  audioPaths: string[],
  opts: Omit<EncodeOptions, "onProgress"> & { onProgress: (k: number, f: number) => void },
): Promise<void> {
  const encode = (audio: StereoPcm, out: string, k: number) =>
    encodeFromFloat32(audio, out, { ...opts, onProgress: (f) => opts.onProgress(k, f) });
  const plans = rendered.map((audio, k) =>
    k === 0 ? null : planTail(sharedSamples(rendered[0], audio), audio.sampleRate, MP3_KBPS),
  );
  await Promise.all(
    rendered.map((audio, k) => {
      const plan = plans[k];
      if (!plan) return encode(audio, audioPaths[k], k);
      const from = plan.tailStart * MP3_FRAME_SAMPLES;
      const tail = { left: audio.left.subarray(from), right: audio.right.subarray(from), sampleRate: audio.sampleRate };
      return encode(tail, tailPath(audioPaths[k]), k);
    }),
  );
  for (const [k, plan] of plans.entries()) {
    if (!plan) continue;
    const [full, tail] = await Promise.all([readFile(audioPaths[0]), readFile(tailPath(audioPaths[k]))]);
    const spliced = spliceMp3(full, tail, plan.tailStart, plan.sharedFrames);
    await unlink(tailPath(audioPaths[k]));
    if (spliced) await writeFile(audioPaths[k], spliced);
    else await encode(rendered[k], audioPaths[k], k);
  }
}

/** extendMusic plus what the walk did (plans, beat grid, optionally the rendered PCM). */
export async function extendMusicDetailed(
  req: ExtendRequest,
  tuning: ExtendTuning = {},
): Promise<ExtendResult & { details: ExtendDetails }> {
  const { signal } = req;
  let last = -1;
  const report = (fraction: number, stage: string) => {
    const f = Math.min(1, Math.max(last, fraction));
    if (f === last && stage !== "done") return;
    last = f;
    req.onProgress?.(f, stage);
  };
  const check = () => {
    if (signal?.aborted) throw abortError(signal);
  };
  const nVariants = req.variants ?? 2;
  if (!Number.isInteger(nVariants) || nVariants < 1 || nVariants > MAX_VARIANTS) {
    throw badRequest(`variants must be an integer from 1 to ${MAX_VARIANTS}`, { variants: "out of range" });
  }
  if (!Number.isFinite(req.continueAt) || req.continueAt <= 0) {
    throw badRequest("continueAt must be a positive number of seconds", { continueAt: "out of range" });
  }
  check();
  report(0, "decode");
  const pcm = await decodeToFloat32(req.inputPath, { sampleRate: SR, signal });
  const sourceDuration = pcm.left.length / SR;
  if (req.continueAt >= sourceDuration) {
    throw badRequest(`continueAt must be less than the audio's duration (${sourceDuration.toFixed(2)} s)`, {
      continueAt: "out of range",
    });
  }
  // The documented default; when continueAt is within a second of the 8-minute cap it would leave
  // nothing to add, so a minute is added instead.
  const byDefault = Math.min(480, req.continueAt + Math.max(60, sourceDuration));
  const targetSeconds = req.targetSeconds ?? (byDefault > req.continueAt + 1 ? byDefault : req.continueAt + 60);
  if (!Number.isFinite(targetSeconds) || targetSeconds <= req.continueAt + 1 || targetSeconds > MAX_TARGET_SECONDS) {
    throw badRequest(`targetSeconds must be more than continueAt + 1 s and at most ${MAX_TARGET_SECONDS} s`, {
      targetSeconds: "out of range",
    });
  }
  report(P_DECODE, "decode");
  check();

  const mono = new Float32Array(pcm.left.length);
  for (let i = 0; i < mono.length; i++) mono[i] = 0.5 * (pcm.left[i] + pcm.right[i]);
  const seed = req.seed ?? `path:${req.inputPath}`;
  const seeds = Array.from({ length: nVariants }, (_, k) => `${seed}:${k + 1}`);
  const an = await runWorker(
    {
      mono,
      sampleRate: SR,
      continueAt: req.continueAt,
      targetSeconds,
      seeds,
      analysisParams: tuning.analysisParams,
      walkParams: tuning.walkParams,
    },
    signal,
    (f) => report(P_DECODE + (P_ANALYZE - P_DECODE) * f, "analyze"),
  );
  check();
  report(P_ANALYZE, "render");
  const rendered = an.plans.map((plan) => renderPlan(pcm, plan));
  check();

  await mkdir(req.workDir, { recursive: true });
  const audioPaths = rendered.map((_, k) => path.join(req.workDir, `extend-${k + 1}.mp3`));
  const imagePaths = rendered.map((_, k) => path.join(req.workDir, `extend-${k + 1}.png`));
  const done = rendered.map(() => 0);
  const inner = new AbortController();
  const onAbort = () => inner.abort(signal!.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  const removeOutputs = () =>
    Promise.all([...audioPaths, ...audioPaths.map(tailPath), ...imagePaths].map((p) => unlink(p).catch(() => {})));
  try {
    await encodeVariants(rendered, audioPaths, {
      format: "mp3",
      bitrate: `${MP3_KBPS}k`,
      signal: inner.signal,
      metadata: req.title ? { title: req.title } : undefined,
      onProgress: (k, f) => {
        done[k] = f;
        report(P_ANALYZE + (P_ENCODE - P_ANALYZE) * 0.99 * (done.reduce((s, x) => s + x, 0) / done.length), "encode");
      },
    });
    check();
    report(P_ENCODE, "cover");
    for (let k = 0; k < rendered.length; k++) {
      const plan = an.plans[k];
      await writeCover(imagePaths[k], {
        audio: rendered[k],
        chroma: an.chroma,
        variant: k,
        beatAtColumn: (c, cols) => sourceBeatAt(plan, an.beats, SR, Math.floor(((c + 0.5) * plan.frames) / cols)),
      });
      check();
    }
  } catch (err) {
    // One step failed or the job was aborted: stop the other encodes, leave no partial outputs.
    inner.abort(err);
    await removeOutputs();
    throw err;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  report(1, "done");
  return {
    variants: an.plans.map((plan, k) => ({
      audioPath: audioPaths[k],
      imagePath: imagePaths[k],
      duration: plan.frames / SR,
      jumps: plan.jumps,
    })),
    tempoBpm: an.tempoBpm,
    beats: an.beats.length,
    details: {
      sampleRate: SR,
      sourceDuration,
      targetSeconds,
      beatTimes: an.beats,
      period: an.period,
      phase: an.phase,
      medianDistance: an.medianDistance,
      plans: an.plans,
      pcm: tuning.keepPcm ? rendered : undefined,
    },
  };
}

/**
 * Extends `inputPath` from `continueAt` to about `targetSeconds` in `variants` different walks
 * (`extend-<n>.mp3` + `extend-<n>.png` in workDir). Deterministic for a given seed.
 *
 * @throws AppError bad_request for out-of-range parameters; MediaError for unusable input;
 *         the signal's reason (AbortError) when aborted.
 */
export async function extendMusic(req: ExtendRequest): Promise<ExtendResult> {
  const { variants, tempoBpm, beats } = await extendMusicDetailed(req);
  return { variants, tempoBpm, beats };
}

/** Engine wrapper (lib/engines/types.ts) for an order carrying the extension parameters. */
export function localExtendEngine(
  opts: Pick<ExtendRequest, "continueAt" | "targetSeconds" | "title" | "variants" | "seed">,
): Engine {
  return {
    name: "local-extend",
    async run(ctx): Promise<EngineFile[]> {
      const r = await extendMusic({
        ...opts,
        inputPath: ctx.inputPath,
        workDir: ctx.outDir,
        onProgress: ctx.onProgress,
        signal: ctx.signal,
      });
      return r.variants.flatMap((v) => [
        { name: path.basename(v.audioPath), business: "audio", path: v.audioPath },
        { name: path.basename(v.imagePath), business: "image", path: v.imagePath },
      ]);
    },
  };
}
