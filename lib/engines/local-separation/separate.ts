// Local vocal / accompaniment separation (engine v1). Public API: separateFile().
//
// Pipeline: probe → decode (ffmpeg child process, main thread) → DSP in a worker thread (buffers
// transferred, not copied) → encode both stems (two ffmpeg child processes in parallel).
// The method lives in dsp.mjs; see README.md in this folder.
import "server-only";
import { existsSync } from "node:fs";
import { mkdir, unlink } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { env } from "@/lib/env";
import { decodeToFloat32, encodeFromFloat32, probe, type StereoPcm } from "@/lib/media/ffmpeg";
import type { SeparationParams } from "./dsp.mjs";

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
  /** "mono" when the input had no usable stereo image and the fallback cue was used. */
  mode: "stereo" | "mono";
}

// Share of the progress bar per stage (DSP dominates).
const P_DECODE_END = 0.1;
const P_SEPARATE_END = 0.85;

/**
 * Where worker.mjs lives. `new URL(…, import.meta.url)` works for tsx/vitest and plain node; a
 * bundled server may rewrite import.meta.url, so fall back to the source tree under cwd (Next must
 * trace the file, see worker.mjs). MIXDESK_SEPARATION_WORKER overrides both.
 */
export function workerPath(): string {
  const override = env().MIXDESK_SEPARATION_WORKER;
  if (override) return override;
  // The annotations keep Turbopack from treating these runtime paths as bundle inputs.
  try {
    const here = path.dirname(fileURLToPath(import.meta.url));
    const p = path.join(/* turbopackIgnore: true */ here, "worker.mjs");
    if (existsSync(/* turbopackIgnore: true */ p)) return p;
  } catch {
    // import.meta.url not a file: URL (bundled) — fall through
  }
  return path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "engines", "local-separation", "worker.mjs");
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException("The operation was aborted", "AbortError");
}

interface WorkerResult {
  mode: "stereo" | "mono";
  vocals: StereoPcm;
  accompaniment: StereoPcm;
}

type WorkerMessage =
  | { type: "progress"; fraction: number }
  | {
      type: "done";
      mode: "stereo" | "mono";
      vocalsL: Float32Array;
      vocalsR: Float32Array;
      accL: Float32Array;
      accR: Float32Array;
    }
  | { type: "error"; message: string; stack?: string };

/**
 * Runs the DSP on a worker thread. The input buffers are transferred (the caller's arrays become
 * detached); the accompaniment comes back in them.
 */
export function runSeparationWorker(
  pcm: StereoPcm,
  opts: { params?: Partial<SeparationParams>; signal?: AbortSignal; onProgress?: (fraction: number) => void } = {},
): Promise<WorkerResult> {
  const { signal } = opts;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise<WorkerResult>((resolve, reject) => {
    const worker = new Worker(/* turbopackIgnore: true */ workerPath());
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      fn();
      void worker.terminate();
    };
    const onAbort = () => finish(() => reject(abortError(signal!)));
    signal?.addEventListener("abort", onAbort, { once: true });
    worker.on("message", (msg: WorkerMessage) => {
      if (settled) return;
      if (msg.type === "progress") opts.onProgress?.(msg.fraction);
      else if (msg.type === "done") {
        const sampleRate = pcm.sampleRate;
        finish(() =>
          resolve({
            mode: msg.mode,
            vocals: { left: msg.vocalsL, right: msg.vocalsR, sampleRate },
            accompaniment: { left: msg.accL, right: msg.accR, sampleRate },
          }),
        );
      } else {
        const err = new Error(`Separation failed: ${msg.message}`);
        if (msg.stack) err.stack = msg.stack;
        finish(() => reject(err));
      }
    });
    worker.on("error", (err) => finish(() => reject(err)));
    worker.on("exit", (code) => finish(() => reject(new Error(`Separation worker exited (code ${code})`))));
    const { left, sampleRate } = pcm;
    // Each channel must own its buffer to be transferred (copy if they share one).
    const right = pcm.right.buffer === left.buffer ? pcm.right.slice() : pcm.right;
    worker.postMessage({ type: "separate", left, right, sampleRate, params: opts.params }, [
      left.buffer as ArrayBuffer,
      right.buffer as ArrayBuffer,
    ]);
  });
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

  const { mode, vocals, accompaniment } = await runSeparationWorker(pcm, {
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
  return { vocals: vocalsPath, accompaniment: accompanimentPath, durationSec, mode };
}
