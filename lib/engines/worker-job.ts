// Running one DSP job in a worker thread, shared by the local engines: progress messages, one
// answer, cancellation by AbortSignal (the thread is terminated), and a crash or early exit as an error.
import "server-only";
import { existsSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

/**
 * An engine's worker.mjs: next to the engine's module for tsx/vitest and plain node; a bundled
 * server may rewrite import.meta.url, so fall back to the source tree under cwd (Next must trace the
 * file). The annotations keep Turbopack from treating these runtime paths as bundle inputs.
 */
export function engineWorkerPath(moduleUrl: string, engineDir: string): string {
  try {
    const here = path.dirname(fileURLToPath(moduleUrl));
    const p = path.join(/* turbopackIgnore: true */ here, "worker.mjs");
    if (existsSync(/* turbopackIgnore: true */ p)) return p;
  } catch {
    // import.meta.url not a file: URL (bundled) — fall through
  }
  return path.join(/* turbopackIgnore: true */ process.cwd(), "lib", "engines", engineDir, "worker.mjs");
}

export function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason;
  if (reason instanceof Error) return reason;
  return new DOMException("The operation was aborted", "AbortError");
}

type Message<D> =
  | { type: "progress"; fraction: number }
  | (D & { type: "done" })
  | { type: "error"; message: string; stack?: string };

export function runWorkerJob<D extends object>(job: {
  file: string;
  /** Names the job in errors: "Separation", "Extension analysis". */
  what: string;
  message: unknown;
  transfer: ArrayBuffer[];
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}): Promise<D & { type: "done" }> {
  const { signal } = job;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    const worker = new Worker(/* turbopackIgnore: true */ job.file);
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
    worker.on("message", (msg: Message<D>) => {
      if (settled) return;
      if (msg.type === "progress") job.onProgress?.(msg.fraction);
      else if (msg.type === "done") finish(() => resolve(msg));
      else {
        const err = new Error(`${job.what} failed: ${msg.message}`);
        if (msg.stack) err.stack = msg.stack;
        finish(() => reject(err));
      }
    });
    worker.on("error", (err) => finish(() => reject(err)));
    worker.on("exit", (code) => finish(() => reject(new Error(`${job.what} worker exited (code ${code})`))));
    worker.postMessage(job.message, job.transfer);
  });
}
