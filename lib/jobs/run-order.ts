// Runs one order this worker has claimed, the same way whichever queue handed it over (the
// database poller or BullMQ): heartbeat on the lease, throttled progress writes, and the outcome
// recorded on the order row (finished, failed, backoff, or handed back on shutdown).
import "server-only";
import { processOrder } from "@/lib/jobs/process-order";
import type { RunnerOptions } from "@/lib/jobs/runner-options";
import {
  type ClaimedOrder,
  LeaseLostError,
  endOrder,
  heartbeat,
  reportProgress,
  retryLater,
} from "@/lib/orders/lifecycle";

/** What the queue should do with the order next: nothing (ended, or lost to another worker), or
 * look again after `delayMs` (a backoff, or handed back by a shutdown). */
export type RunResult = { next: "none" } | { next: "again"; delayMs: number };

export async function runClaimedOrder(
  order: ClaimedOrder,
  opts: RunnerOptions,
  workerId: string,
  abort: AbortController,
  stopping: () => boolean,
): Promise<RunResult> {
  if (order.attempts > opts.maxAttempts) {
    await endOrder(order.id, "failed", `Gave up after ${opts.maxAttempts} attempts`, workerId, {
      code: "processing_failed",
      params: { attempts: opts.maxAttempts },
    });
    return { next: "none" };
  }
  let lastProgressWrite = 0;
  let pending: Promise<unknown> = Promise.resolve();
  const beat = setInterval(
    async () => {
      if (!(await heartbeat(order.id, workerId, opts.leaseMs).catch(() => true))) abort.abort(new LeaseLostError());
    },
    Math.max(200, opts.leaseMs / 3),
  );
  try {
    const outcome = await processOrder(order, {
      workerId,
      signal: abort.signal,
      maxInputBytes: opts.maxInputBytes,
      fetchTimeoutMs: opts.fetchTimeoutMs,
      progress: (fraction, stage) => {
        // At most two writes a second; the last one of a stage always lands.
        const now = Date.now();
        if (now - lastProgressWrite < 500 && fraction < 1) return;
        lastProgressWrite = now;
        pending = pending.then(() => reportProgress(order.id, workerId, fraction, stage)).catch(() => undefined);
      },
    });
    await pending;
    if (abort.signal.aborted && stopping()) {
      // Shutdown interrupted it: hand it back without counting the attempt.
      await retryLater(order.id, workerId, 0, "server restarted", true);
      return { next: "again", delayMs: 0 };
    }
    if (outcome.kind === "failed")
      await endOrder(order.id, "failed", outcome.reason, workerId, outcome.failure, outcome.music);
    else if (outcome.kind === "retry") {
      if (order.attempts >= opts.maxAttempts) {
        const failure = {
          code: outcome.failure?.code ?? "unknown",
          params: { ...outcome.failure?.params, attempts: order.attempts },
        };
        await endOrder(
          order.id,
          "failed",
          `Failed after ${order.attempts} attempts: ${outcome.reason}`,
          workerId,
          failure,
        );
      } else {
        const delayMs = opts.backoffMs * 2 ** (order.attempts - 1);
        await retryLater(order.id, workerId, delayMs, outcome.reason);
        return { next: "again", delayMs };
      }
    }
  } catch (error) {
    if (!(error instanceof LeaseLostError)) {
      console.error(`[jobs] order ${order.orderNo} crashed the runner`, error);
      // The lease runs out unrenewed; look again once it has.
      return { next: "again", delayMs: opts.leaseMs };
    }
  } finally {
    clearInterval(beat);
  }
  return { next: "none" };
}
