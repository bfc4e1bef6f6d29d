// Running one DSP job in a worker thread or a child process, shared by the local engines: progress
// messages, one answer, cancellation by AbortSignal (the thread is terminated, the process killed),
// and a crash or early exit as an error.
import "server-only";
import { fork } from "node:child_process";
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

type Handlers = { message(msg: unknown): void; error(err: Error): void; exit(how: string): void };
type Runner = { post(message: unknown, transfer: ArrayBuffer[]): void; stop(): void };

function startThread(file: string, on: Handlers): Runner {
  const worker = new Worker(/* turbopackIgnore: true */ file);
  worker.on("message", on.message);
  worker.on("error", on.error);
  worker.on("exit", (code) => on.exit(`code ${code}`));
  return { post: (message, transfer) => worker.postMessage(message, transfer), stop: () => void worker.terminate() };
}

/**
 * A child process of its own: for engines with a native addon (onnxruntime), whose work a thread's
 * termination can interrupt inside native code, which aborts the whole process (seen: "terminate
 * called after throwing an instance of 'Napi::Error'", SIGABRT, when an order was cancelled). A
 * killed or crashed child takes nothing else with it. Messages are copied (structured clone).
 */
function startProcess(file: string, on: Handlers): Runner {
  const child = fork(/* turbopackIgnore: true */ file, [], {
    serialization: "advanced",
    // Plain node: the parent's loader flags (tsx, Vitest) are not for an .mjs entry.
    execArgv: [],
    stdio: ["ignore", "inherit", "inherit", "ipc"],
  });
  child.on("message", on.message);
  child.on("error", on.error);
  child.on("exit", (code, signal) => on.exit(signal ?? `code ${code}`));
  return {
    post: (message) => child.send(message as object),
    stop: () => {
      if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
    },
  };
}

export function runWorkerJob<D extends object>(job: {
  file: string;
  /** Names the job in errors: "Separation", "Extension analysis". */
  what: string;
  message: unknown;
  /** Moved to a thread without a copy; a process gets a copy. */
  transfer: ArrayBuffer[];
  /** "thread" (default) or "process", for engines that run native code (see startProcess). */
  isolation?: "thread" | "process";
  signal?: AbortSignal;
  onProgress?: (fraction: number) => void;
}): Promise<D & { type: "done" }> {
  const { signal } = job;
  if (signal?.aborted) return Promise.reject(abortError(signal));
  return new Promise((resolve, reject) => {
    let settled = false;
    const finish = (fn: () => void) => {
      if (settled) return;
      settled = true;
      signal?.removeEventListener("abort", onAbort);
      fn();
      runner.stop();
    };
    const onAbort = () => finish(() => reject(abortError(signal!)));
    const start = job.isolation === "process" ? startProcess : startThread;
    const runner = start(job.file, {
      message: (raw) => {
        const msg = raw as Message<D>;
        if (settled) return;
        if (msg.type === "progress") job.onProgress?.(msg.fraction);
        else if (msg.type === "done") finish(() => resolve(msg));
        else {
          const err = new Error(`${job.what} failed: ${msg.message}`);
          if (msg.stack) err.stack = msg.stack;
          finish(() => reject(err));
        }
      },
      error: (err) => finish(() => reject(err)),
      exit: (how) => finish(() => reject(new Error(`${job.what} worker exited (${how})`))),
    });
    signal?.addEventListener("abort", onAbort, { once: true });
    runner.post(job.message, job.transfer);
  });
}
