// Vocal / accompaniment separation with an installed MDX-Net ONNX model. Public API:
// separateWithModel(). Pipeline as the DSP engine's: probe → decode (ffmpeg) → model in a child
// process of its own → encode both stems (two ffmpeg children in parallel). Aborting kills that
// process, so a cancelled order or a lost lease stops the inference at once; a thread terminated
// inside onnxruntime could abort the whole server instead (lib/engines/worker-job.ts).
import "server-only";
import { mkdir, unlink } from "node:fs/promises";
import path from "node:path";
import { abortError, runWorkerJob } from "@/lib/engines/worker-job";
import { env } from "@/lib/env";
import { decodeToFloat32, encodeFromFloat32, probe, type StereoPcm } from "@/lib/media/ffmpeg";
import { type InstalledModel, type ModelParams, modelsDir, workerPath } from "./models";

export type OnnxStage = "probe" | "decode" | "separate" | "encode" | "done";

/** CPU time and peak RSS of where the model ran: the child process, or the whole host for a thread. */
export type WorkerUsage = { pid: number; cpuMs: number; maxRssKb: number };

type Done = {
  chunks: number;
  vocalsL: Float32Array;
  vocalsR: Float32Array;
  accL: Float32Array;
  accR: Float32Array;
  usage: WorkerUsage;
};

/** Runs the model over decoded PCM in a child process of its own (onnxruntime is native code). */
export async function runModelWorker(
  modelFile: string,
  params: ModelParams,
  pcm: StereoPcm,
  opts: {
    signal?: AbortSignal;
    onProgress?: (fraction: number) => void;
    threads?: number;
    /** "process" (what the app runs); "thread" only for bench/onnx.ts's comparison. */
    isolation?: "process" | "thread";
  } = {},
): Promise<{ vocals: StereoPcm; accompaniment: StereoPcm; chunks: number; usage: WorkerUsage }> {
  const { left, sampleRate } = pcm;
  const right = pcm.right.buffer === left.buffer ? pcm.right.slice() : pcm.right;
  const done = await runWorkerJob<Done>({
    file: workerPath(),
    what: "Separation",
    message: {
      type: "separate",
      modelPath: modelFile,
      params,
      threads: opts.threads ?? env().ONNX_THREADS,
      left,
      right,
    },
    transfer: [left.buffer as ArrayBuffer, right.buffer as ArrayBuffer],
    isolation: opts.isolation ?? "process",
    signal: opts.signal,
    onProgress: opts.onProgress,
  });
  return {
    chunks: done.chunks,
    usage: done.usage,
    vocals: { left: done.vocalsL, right: done.vocalsR, sampleRate },
    accompaniment: { left: done.accL, right: done.accR, sampleRate },
  };
}

const P_DECODE_END = 0.05;
const P_SEPARATE_END = 0.9;

/**
 * Splits a song with `model` into `vocals.<ext>` and `accompaniment.<ext>` in outDir; the two sum
 * back to the decoded 44.1 kHz stereo mixture (the MDX-Net models are trained at 44.1 kHz).
 */
export async function separateWithModel(
  model: InstalledModel,
  inputPath: string,
  outDir: string,
  opts: {
    onProgress?: (fraction: number, stage: OnnxStage) => void;
    signal?: AbortSignal;
    format?: "mp3" | "wav";
  } = {},
): Promise<{ vocals: string; accompaniment: string; durationSec: number; chunks: number }> {
  if (!model.params || model.error) throw new Error(`Model ${model.name} cannot be used: ${model.error}`);
  const { signal } = opts;
  const format = opts.format ?? "mp3";
  let last = -1;
  const report = (fraction: number, stage: OnnxStage) => {
    const f = Math.min(1, Math.max(last, fraction));
    if (f === last && stage !== "done") return;
    last = f;
    opts.onProgress?.(f, stage);
  };
  const check = () => {
    if (signal?.aborted) throw abortError(signal);
  };
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
  const durationSec = pcm.left.length / pcm.sampleRate;
  report(P_DECODE_END, "decode");
  check();
  const { vocals, accompaniment, chunks } = await runModelWorker(
    path.join(modelsDir(), model.file),
    model.params,
    pcm,
    {
      signal,
      onProgress: (f) => report(P_DECODE_END + (P_SEPARATE_END - P_DECODE_END) * f, "separate"),
    },
  );
  check();
  await mkdir(outDir, { recursive: true });
  const vocalsPath = path.join(outDir, `vocals.${format}`);
  const accompanimentPath = path.join(outDir, `accompaniment.${format}`);
  const inner = new AbortController();
  const onAbort = () => inner.abort(signal?.reason);
  signal?.addEventListener("abort", onAbort, { once: true });
  const progress = [0, 0];
  const enc = (i: number) => (f: number) => {
    progress[i] = f;
    report(P_SEPARATE_END + (1 - P_SEPARATE_END) * 0.99 * ((progress[0] + progress[1]) / 2), "encode");
  };
  try {
    await Promise.all([
      encodeFromFloat32(vocals, vocalsPath, { format, signal: inner.signal, onProgress: enc(0) }),
      encodeFromFloat32(accompaniment, accompanimentPath, { format, signal: inner.signal, onProgress: enc(1) }),
    ]);
  } catch (err) {
    inner.abort(err);
    await Promise.all([unlink(vocalsPath).catch(() => {}), unlink(accompanimentPath).catch(() => {})]);
    throw err;
  } finally {
    signal?.removeEventListener("abort", onAbort);
  }
  report(1, "done");
  return { vocals: vocalsPath, accompaniment: accompanimentPath, durationSec, chunks };
}
