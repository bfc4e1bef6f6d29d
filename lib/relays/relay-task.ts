// One order's task on one upstream, run exactly once: a RelayTask row per (order, upstream) keeps
// the upstream's task id, stored before the task counts as submitted, so a worker that dies between
// the two (or a later attempt after a fallback) finds the task and polls it instead of paying for a
// second one. Polling backs off from the adapter's rate; a callback (Suno-style) that stored the
// final state on the row first wins, and the poller takes that state.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { EngineFile } from "@/lib/engines/types";
import { MediaError, probe } from "@/lib/media/ffmpeg";
import { SafeFetchError, safeDownload } from "@/lib/media/safe-fetch";
import { recordBalance, recordCall, redact, type CallOp } from "@/lib/relays/health";
import { credsOf, type UpstreamRow } from "@/lib/relays/upstreams";
import {
  type SubmitRequest,
  type TaskAdapter,
  type UpstreamCreds,
  UpstreamError,
  type UpstreamFile,
  type UpstreamTaskState,
} from "@/lib/relays/types";

export type RelayTaskRow = NonNullable<Awaited<ReturnType<typeof db.relayTask.findUnique>>>;

export type RunRelayTaskArgs = {
  order: { id: string; orderNo: string };
  upstream: Pick<UpstreamRow, "id" | "name" | "baseUrl" | "keyCipher" | "model">;
  adapter: TaskAdapter;
  /** What to submit (only used when no task exists yet for this order on this upstream). */
  request: SubmitRequest;
  signal: AbortSignal;
  onProgress?: (fraction: number, stage: string) => void;
  workerId: string;
  /** Called once the RelayTask row exists (e.g. to learn its callbackToken for the callback URL). */
  beforeSubmit?: (task: RelayTaskRow) => SubmitRequest | Promise<SubmitRequest>;
};

const OPEN_STATES = ["submitting", "submitted", "abandoned"];
const MAX_GAP_MS = 60_000;

/** The gap before the attempt after `failures` failures in a row: doubling from the base, at least
 * the upstream's own rate, at most a minute, and never shorter than what Retry-After asked. */
export function backoffMs(failures: number, floorMs: number, retryAfterMs?: number): number {
  const base = Math.max(env().RELAY_RETRY_BASE_MS, floorMs);
  const gap = Math.min(MAX_GAP_MS, base * 2 ** Math.max(0, failures - 1));
  return Math.max(gap, retryAfterMs ?? 0);
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason ?? new Error("aborted"));
    const t = setTimeout(() => {
      signal.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(signal.reason ?? new Error("aborted"));
    };
    signal.addEventListener("abort", onAbort, { once: true });
  });
}

/** Runs one upstream call, recording its health row; any non-UpstreamError becomes `unavailable`
 * (a client bug or a network surprise must fall back, not crash the order). */
async function call<T>(upstreamId: string, op: CallOp, creds: UpstreamCreds, fn: () => Promise<T>): Promise<T> {
  const started = Date.now();
  try {
    const out = await fn();
    await recordCall(upstreamId, op, true, 200, Date.now() - started);
    return out;
  } catch (error) {
    const e =
      error instanceof UpstreamError
        ? error
        : new UpstreamError("unavailable", redact((error as Error)?.message ?? "upstream call failed", [creds.apiKey]));
    await recordCall(upstreamId, op, false, e.httpStatus, Date.now() - started, e.message, [creds.apiKey]);
    throw e;
  }
}

/** Finds or creates the row for (order, upstream); a concurrent creator's row is taken as is. */
export async function relayTaskFor(orderId: string, upstreamId: string): Promise<RelayTaskRow> {
  const where = { orderId_upstreamId: { orderId, upstreamId } };
  const existing = await db.relayTask.findUnique({ where });
  if (existing) return existing;
  try {
    return await db.relayTask.create({ data: { orderId, upstreamId, state: "submitting" } });
  } catch (error) {
    const again = await db.relayTask.findUnique({ where });
    if (again) return again;
    throw error;
  }
}

/**
 * Stores a final upstream state on the task (from a poll or a callback), compare-and-set: only the
 * first writer wins; everyone reads the winner's state back. Returns the stored state and whether
 * this call stored it.
 */
export async function storeFinalState(
  taskId: string,
  state: UpstreamTaskState,
): Promise<{ won: boolean; state: UpstreamTaskState | null }> {
  const final = state.status === "succeeded" ? "finished" : "failed";
  const { count } = await db.relayTask.updateMany({
    where: { id: taskId, state: { in: OPEN_STATES } },
    data: {
      state: final,
      upstreamStatus: state.raw,
      upstreamCost: typeof state.cost === "number" ? state.cost : undefined,
      reason: state.status === "failed" ? (state.reason ?? state.raw) : null,
      resultJson: JSON.stringify(state),
      finishedAt: new Date(),
    },
  });
  const row = await db.relayTask.findUnique({ where: { id: taskId } });
  return { won: count === 1, state: storedState(row) };
}

/** The final state a poll or callback stored on the row, or null while the task is open. */
export function storedState(row: Pick<RelayTaskRow, "state" | "resultJson"> | null): UpstreamTaskState | null {
  if (!row?.resultJson || (row.state !== "finished" && row.state !== "failed")) return null;
  try {
    return JSON.parse(row.resultJson) as UpstreamTaskState;
  } catch {
    return null;
  }
}

function settle(state: UpstreamTaskState): UpstreamTaskState {
  if (state.status === "succeeded") return state;
  throw new UpstreamError(state.failureKind ?? "bad_request", state.reason || `The upstream task ${state.raw}`);
}

/** Marks the task given up by this order's route (it may be resumed by a later attempt). */
export async function abandonRelayTask(taskId: string, reason: string) {
  await db.relayTask.updateMany({
    where: { id: taskId, state: { in: ["submitting", "submitted"] } },
    data: { state: "abandoned", reason: redact(reason) },
  });
}

async function submitOnce(args: RunRelayTaskArgs, task: RelayTaskRow, creds: UpstreamCreds): Promise<string> {
  const { adapter, upstream, signal } = args;
  const request = args.beforeSubmit ? await args.beforeSubmit(task) : args.request;
  const attempts = env().RELAY_MAX_ATTEMPTS;
  for (let n = 1; ; n++) {
    try {
      const { taskId } = await call(upstream.id, "submit", creds, () => adapter.submit(creds, request, signal));
      return taskId;
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.kind !== "unavailable" || n >= attempts || signal.aborted)
        throw error;
      await sleep(backoffMs(n, 0, error.retryAfterMs), signal);
    }
  }
}

/**
 * Runs the order's task on the upstream until it succeeds (returns its state, files not yet
 * copied: see copyResults) or throws an UpstreamError whose kind tells the route what to do.
 */
export async function runRelayTask(args: RunRelayTaskArgs): Promise<UpstreamTaskState> {
  const { order, upstream } = args;
  const creds = credsOf(upstream);
  let task = await relayTaskFor(order.id, upstream.id);
  try {
    const done = storedState(task);
    if (done) return settle(done);

    if (!task.upstreamTaskId) {
      const upstreamTaskId = await submitOnce(args, task, creds);
      // Stored first, while the row still says "submitting": from here on nobody submits again.
      const stored = await db.relayTask.updateMany({
        where: { id: task.id, upstreamTaskId: null },
        // The id only: a callback may already have stored how the task ended (it can beat the
        // submit's own answer), and that state must not be turned back into "submitting".
        data: { upstreamTaskId },
      });
      if (stored.count !== 1) {
        // Another worker stored its own id in between (a lease lost mid-submit): follow that one.
        console.warn(`[relays] order ${order.orderNo}: a second upstream task was created on ${upstream.name}`);
      }
      if (env().RELAY_TEST_CRASH_AFTER === "stored-id") process.kill(process.pid, "SIGKILL");
    }
    await db.relayTask.updateMany({
      where: { id: task.id, state: { in: ["submitting", "abandoned"] } },
      data: { state: "submitted", submittedAt: task.submittedAt ?? new Date(), reason: null },
    });
    task = (await db.relayTask.findUnique({ where: { id: task.id } })) ?? task;
    args.onProgress?.(0, `upstream ${task.upstreamStatus ?? "submitted"}`);
    return settle(await pollUntilDone(args, task, creds));
  } catch (error) {
    if (error instanceof UpstreamError && error.kind !== "bad_request") await abandonRelayTask(task.id, error.message);
    throw error;
  }
}

async function pollUntilDone(args: RunRelayTaskArgs, task: RelayTaskRow, creds: UpstreamCreds) {
  const { adapter, upstream, signal } = args;
  const taskId = task.upstreamTaskId as string;
  const deadline = Date.now() + env().RELAY_TASK_TIMEOUT_MINUTES * 60_000;
  const attempts = env().RELAY_MAX_ATTEMPTS;
  let failures = 0;
  let gap = adapter.pollIntervalMs;
  for (;;) {
    await sleep(gap, signal);
    // A callback may have finished the task while we slept.
    const row = await db.relayTask.findUnique({ where: { id: task.id } });
    const stored = storedState(row);
    if (stored) return stored;
    if (Date.now() > deadline)
      throw new UpstreamError(
        "unavailable",
        `The upstream did not finish within ${env().RELAY_TASK_TIMEOUT_MINUTES} minutes`,
      );
    let state: UpstreamTaskState;
    try {
      state = await call(upstream.id, "poll", creds, () => adapter.poll(creds, taskId, signal));
    } catch (error) {
      if (!(error instanceof UpstreamError) || error.kind !== "unavailable" || signal.aborted) throw error;
      failures++;
      if (failures >= attempts) throw error;
      gap = backoffMs(failures, adapter.pollIntervalMs, error.retryAfterMs);
      continue;
    }
    failures = 0;
    gap = adapter.pollIntervalMs;
    await recordBalance(upstream.id, state.balance);
    if (state.status === "succeeded" || state.status === "failed") {
      const final = await storeFinalState(task.id, state);
      return final.state ?? state;
    }
    await db.relayTask.updateMany({
      where: { id: task.id, state: { in: OPEN_STATES } },
      data: { upstreamStatus: state.raw, polls: { increment: 1 } },
    });
    args.onProgress?.(Math.min(0.95, Math.max(0, state.progress ?? 0)), `upstream ${state.raw}`);
  }
}

const TEXT_EXT = new Set([".txt", ".srt", ".vtt", ".json", ".lrc", ".ass"]);
const TEXT_BUSINESS = new Set(["text", "srt", "caption", "subtitle", "lyrics", "transcript"]);

export const isTextResult = (f: Pick<UpstreamFile, "name" | "business">) =>
  TEXT_BUSINESS.has(f.business) || TEXT_EXT.has(path.extname(f.name).toLowerCase());

/** A name safe on every disk, unique in the folder, keeping a short extension. */
function safeName(name: string, taken: Set<string>): string {
  const base =
    path
      .basename(name)
      .replace(/[^A-Za-z0-9._-]+/g, "_")
      .replace(/^\.+/, "")
      .slice(-80) || "result";
  let out = base;
  for (let i = 2; taken.has(out); i++) out = `${path.parse(base).name}-${i}${path.extname(base)}`;
  taken.add(out);
  return out;
}

/**
 * Copies the upstream's result files into `outDir` (their URLs expire) through the SSRF-safe
 * fetcher, and checks each one like a local result: media must pass ffprobe, text must be
 * non-empty UTF-8. A missing or broken file is the upstream's failure (`unavailable`), so the
 * route falls back rather than finishing an order with a bad stem.
 */
export async function copyResults(
  files: UpstreamFile[],
  outDir: string,
  signal: AbortSignal,
  opts: { upstreamId?: string; maxBytes?: number } = {},
): Promise<EngineFile[]> {
  if (files.length === 0) throw new UpstreamError("unavailable", "The upstream finished without result files");
  const taken = new Set<string>();
  const out: EngineFile[] = [];
  for (const f of files) {
    const name = safeName(f.name, taken);
    const dest = path.join(outDir, name);
    const started = Date.now();
    try {
      await safeDownload(f.url, dest, { signal, maxBytes: opts.maxBytes });
      if (isTextResult(f)) {
        const text = await fs.promises.readFile(dest);
        if (text.length === 0 || !isUtf8(text)) throw new MediaError("not_media", "not UTF-8 text");
      } else {
        await probe(dest, { signal });
      }
      if (opts.upstreamId) await recordCall(opts.upstreamId, "download", true, 200, Date.now() - started);
    } catch (error) {
      await fs.promises.rm(dest, { force: true });
      if (signal.aborted) throw error;
      const why =
        error instanceof SafeFetchError
          ? `could not be downloaded (${error.reason}${error.status ? ` ${error.status}` : ""})`
          : error instanceof MediaError
            ? `is broken (${error.message})`
            : "could not be copied";
      if (opts.upstreamId)
        await recordCall(
          opts.upstreamId,
          "download",
          false,
          (error as SafeFetchError).status,
          Date.now() - started,
          why,
        );
      throw new UpstreamError("unavailable", `The upstream's result ${name} ${why}`);
    }
    out.push({ name, business: f.business, path: dest });
  }
  return out;
}

function isUtf8(buf: Buffer): boolean {
  try {
    new TextDecoder("utf-8", { fatal: true }).decode(buf);
    return true;
  } catch {
    return false;
  }
}
