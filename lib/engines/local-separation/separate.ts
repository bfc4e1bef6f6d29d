// Local vocal / accompaniment separation (DSP engine, v2 by default). Public API: separateFile().
//
// Pipeline: probe → decode (ffmpeg child process, main thread) → DSP in a worker thread (buffers
// transferred, not copied) → encode both stems (two ffmpeg child processes in parallel).
// The method lives in dsp.mjs; see README.md in this folder.
import "server-only";
import { mkdir, unlink } from "node:fs/promises";
import path from "node:path";
import { abortError, engineWorkerPath, runWorkerJob } from "@/lib/engines/worker-job";
import { env } from "@/lib/env";
import { decodeToFloat32, encodeFromFloat32, probe, type StereoPcm } from "@/lib/media/ffmpeg";
import type { SeparationEngineId, SeparationParams } from "./dsp.mjs";

/**
 * Id of the default DSP method, to record with an order and its result ("which engine made these
 * stems"). `params.engine = "dsp-v1"` selects the previous centre-mask method.
 */
export const ENGINE_ID: SeparationEngineId = "dsp-v2";

export type SeparationStage = "probe" | "decode" | "separate" | "encode" | "done";

export interface SeparateFileOptions {
  /** Monotonic, ends at exactly 1 with stage "done". */
  onProgress?: (fraction: number, stage: SeparationStage) => void;
  /** Aborting kills the ffmpeg children / terminates the worker and rejects with an AbortError. */
  signal?: AbortSignal;
  format?: "mp3" | "wav";
  /** Tuning knobs of the DSP (defaults in dsp.mjs DEFAULT_PARAMS). */
  params?: Partial<SeparationParams>;
}

export interface SeparateFileResult {
  vocals: string;
  accompaniment: string;
  durationSec: number;
  /** "mono" when the input had no usable stereo image and only the non-stereo cues were used. */
  mode: "stereo" | "mono";
  /** The DSP method that produced the stems (ENGINE_ID unless params chose another). */
  engine: SeparationEngineId;
}

// Share of the progress bar per stage (DSP dominates).
const P_DECODE_END = 0.1;
const P_SEPARATE_END = 0.85;

/** worker.mjs of this engine; MIXDESK_SEPARATION_WORKER overrides (see worker-job.ts). */
export function workerPath(): string {
  return env().MIXDESK_SEPARATION_WORKER || engineWorkerPath(import.meta.url, "local-separation");
}

interface WorkerResult {
  engine: SeparationEngineId;
  mode: "stereo" | "mono";
  vocals: StereoPcm;
  accompaniment: StereoPcm;
}

type SeparationDone = {
  engine: SeparationEngineId;
  mode: "stereo" | "mono";
  vocalsL: Float32Array;
  vocalsR: Float32Array;
  accL: Float32Array;
  accR: Float32Array;
};

/**
 * Runs the DSP on a worker thread. The input buffers are transferred (the caller's arrays become
 * detached); the accompaniment comes back in them.
 */
export async function runSeparationWorker(
  pcm: StereoPcm,
  opts: { params?: Partial<SeparationParams>; signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
): Promise<WorkerResult> {
  const { left, sampleRate } = pcm;
  // Each channel must own its buffer to be transferred (copy if they share one).
  const right = pcm.right.buffer === left.buffer ? pcm.right.slice() : pcm.right;
  const done = await runWorkerJob<SeparationDone>({
    file: workerPath(),
    what: "Separation",
    message: { type: "separate", left, right, sampleRate, params: opts.params },
    transfer: [left.buffer as ArrayBuffer, right.buffer as ArrayBuffer],
    signal: opts.signal,
    onProgress: opts.onProgress,
  });
  return {
    engine: done.engine,
    mode: done.mode,
    vocals: { left: done.vocalsL, right: done.vocalsR, sampleRate },
    accompaniment: { left: done.accL, right: done.accR, sampleRate },
  };
}

/**
 * Splits a song into vocals and accompaniment (`vocals.<ext>` and `accompaniment.<ext>` in outDir).
 * The two stems sum back to the (decoded, 44.1 kHz stereo) mixture.
 *
 * @throws MediaError "not_media" / "no_audio" with a user-facing message for unusable input;
 *         AbortError when `signal` aborts.
 */
export async function separateFile(
  inputPath: string,
  outDir: string,
  opts: SeparateFileOptions = {},
): Promise<SeparateFileResult> {
  const { signal } = opts;
  const format = opts.format ?? "mp3";
  let last = -1;
  const report = (fraction: number, stage: SeparationStage) => {
    const f = Math.min(1, Math.max(last, fraction));
    if (f === last && stage !== "done") return;
    last = f;
    opts.onProgress?.(f, stage);
  };
  const check = () => {
    if (signal?.aborted) throw abortError(signal);
  };

  check();
  report(0, "probe");
  const info = await probe(inputPath, { signal });
  check();
  report(0.01, "decode");
  const pcm = await decodeToFloat32(inputPath, {
    sampleRate: 44100,
    signal,
    expectedDurationSec: info.durationSec,
    demuxer: info.demuxer,
  });
  const frames = pcm.left.length;
  const sampleRate = pcm.sampleRate;
  const durationSec = frames / sampleRate;
  report(P_DECODE_END, "decode");
  check();

  const { engine, mode, vocals, accompaniment } = await runSeparationWorker(pcm, {
    params: opts.params,
    signal,
    onProgress: (f) => report(P_DECODE_END + (P_SEPARATE_END - P_DECODE_END) * f, "separate"),
  });
  report(P_SEPARATE_END, "separate");
  check();

  await mkdir(outDir, { recursive: true });
  const vocalsPath = path.join(outDir, `vocals.${format}`);
  const accompanimentPath = path.join(outDir, `accompaniment.${format}`);
  const done = [0, 0];
  const encProgress = (i: number) => (f: number) => {
    done[i] = f;
    report(P_SEPARATE_END + (1 - P_SEPARATE_END) * 0.99 * ((done[0] + done[1]) / 2), "encode");
  };
  const inner = new AbortController();
  const onAbort = () => inner.abort(signal!.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    await Promise.all([
      encodeFromFloat32(vocals, vocalsPath, { format, signal: inner.signal, onProgress: encProgress(0) }),
      encodeFromFloat32(accompaniment, accompanimentPath, { format, signal: inner.signal, onProgress: encProgress(1) }),
    ]);
  } catch (err) {
    // One encode failed: stop the other and leave no half-written stem behind.
    inner.abort(err);
    await Promise.all([unlink(vocalsPath).catch(() => {}), unlink(accompanimentPath).catch(() => {})]);
    throw err;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  report(1, "done");
  return { vocals: vocalsPath, accompaniment: accompanimentPath, durationSec, mode, engine };
}
