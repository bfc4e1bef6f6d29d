// The job runner: claims orders with a lease, keeps the lease alive with a heartbeat, runs them
// with a concurrency limit, retries transient failures with backoff, times out overdue orders,
// sweeps old files, and on shutdown finishes or hands back what it holds. The database row is the
// queue: the same runner runs embedded in `next start` or alone in `npm run worker`.
import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import {
  endOrder,
  expireOverdue,
  heartbeat,
  reportProgress,
  retryLater,
  claimNext,
  LeaseLostError,
  type ClaimedOrder,
} from "@/lib/orders/lifecycle";
import { processOrder } from "@/lib/jobs/process-order";
import { env, parseEnv } from "@/lib/env";
import { jobSignal } from "@/lib/jobs/signal";
import { sweepMusicWork } from "@/lib/music/input";
import { sweepExpiredFiles } from "@/lib/storage/sweeper";
import { pumpDeliveries } from "@/lib/webhooks/deliveries";

export type RunnerOptions = {
  concurrency: number;
  leaseMs: number;
  pollMs: number;
  maxAttempts: number;
  backoffMs: number;
  orderTimeoutMs: number;
  retentionMs: number;
  maxInputBytes: number;
  fetchTimeoutMs: number;
  /** How long stop() waits for running jobs before handing them back. */
  shutdownGraceMs: number;
  /** How often to time out overdue orders and sweep old files. */
  maintenanceMs: number;
};

export function runnerOptionsFromEnv(source?: Record<string, string | undefined>): RunnerOptions {
  const e = source ? parseEnv(source) : env();
  return {
    concurrency: e.JOBS_CONCURRENCY,
    leaseMs: e.JOBS_LEASE_SECONDS * 1000,
    pollMs: e.JOBS_POLL_MS,
    maxAttempts: e.JOBS_MAX_ATTEMPTS,
    backoffMs: e.JOBS_BACKOFF_SECONDS * 1000,
    orderTimeoutMs: e.ORDER_TIMEOUT_MINUTES * 60_000,
    retentionMs: e.RESULT_RETENTION_DAYS * 86_400_000,
    maxInputBytes: e.MAX_INPUT_MB * 1024 * 1024,
    fetchTimeoutMs: e.FETCH_TIMEOUT_SECONDS * 1000,
    shutdownGraceMs: e.JOBS_SHUTDOWN_GRACE_SECONDS * 1000,
    maintenanceMs: e.JOBS_MAINTENANCE_SECONDS * 1000,
  };
}

type Running = { order: ClaimedOrder; abort: AbortController; done: Promise<void> };

export class JobRunner {
  readonly workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private running = new Map<string, Running>();
  private stopping = false;
  private timer: NodeJS.Timeout | null = null;
  private lastMaintenance = 0;
  private ticking = false;
  private readonly onWake = () => void this.tick();

  constructor(readonly opts: RunnerOptions) {}

  start() {
    jobSignal.on("wake", this.onWake);
    // Not unref'd: in `npm run worker` this timer is what keeps the process alive.
    this.timer = setInterval(() => void this.tick(), this.opts.pollMs);
    void this.tick();
    return this;
  }

  get active() {
    return this.running.size;
  }

  private async tick() {
    if (this.stopping) return;
    // Webhook and callback deliveries run beside the orders (the pump guards against overlap).
    void pumpDeliveries().catch((error) => console.error("[jobs] webhook pump failed", error));
    if (this.ticking) return;
    this.ticking = true;
    try {
      if (Date.now() - this.lastMaintenance >= this.opts.maintenanceMs) {
        this.lastMaintenance = Date.now();
        await expireOverdue(this.opts.orderTimeoutMs);
        await sweepExpiredFiles(this.opts.retentionMs);
        await sweepMusicWork(this.opts.orderTimeoutMs);
      }
      while (!this.stopping && this.running.size < this.opts.concurrency) {
        const order = await claimNext(this.workerId, this.opts.leaseMs);
        if (!order) break;
        this.launch(order);
      }
    } catch (error) {
      console.error("[jobs] runner tick failed", error);
    } finally {
      this.ticking = false;
    }
  }

  private launch(order: ClaimedOrder) {
    const abort = new AbortController();
    const done = this.execute(order, abort).finally(() => {
      this.running.delete(order.id);
      void this.tick();
    });
    this.running.set(order.id, { order, abort, done });
  }

  private async execute(order: ClaimedOrder, abort: AbortController) {
    const { workerId } = this;
    if (order.attempts > this.opts.maxAttempts) {
      await endOrder(order.id, "failed", `Gave up after ${this.opts.maxAttempts} attempts`, workerId, {
        code: "processing_failed",
        params: { attempts: this.opts.maxAttempts },
      });
      return;
    }
    let lastProgressWrite = 0;
    let pending: Promise<unknown> = Promise.resolve();
    const beat = setInterval(
      async () => {
        if (!(await heartbeat(order.id, workerId, this.opts.leaseMs).catch(() => true)))
          abort.abort(new LeaseLostError());
      },
      Math.max(200, this.opts.leaseMs / 3),
    );
    try {
      const outcome = await processOrder(order, {
        workerId,
        signal: abort.signal,
        maxInputBytes: this.opts.maxInputBytes,
        fetchTimeoutMs: this.opts.fetchTimeoutMs,
        progress: (fraction, stage) => {
          // At most two writes a second; the last one of a stage always lands.
          const now = Date.now();
          if (now - lastProgressWrite < 500 && fraction < 1) return;
          lastProgressWrite = now;
          pending = pending.then(() => reportProgress(order.id, workerId, fraction, stage)).catch(() => undefined);
        },
      });
      await pending;
      if (abort.signal.aborted && this.stopping) {
        // Shutdown interrupted it: hand it back without counting the attempt.
        await retryLater(order.id, workerId, 0, "server restarted", true);
        return;
      }
      if (outcome.kind === "failed") await endOrder(order.id, "failed", outcome.reason, workerId, outcome.failure);
      else if (outcome.kind === "retry") {
        if (order.attempts >= this.opts.maxAttempts) {
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
          const delay = this.opts.backoffMs * 2 ** (order.attempts - 1);
          await retryLater(order.id, workerId, delay, outcome.reason);
        }
      }
    } catch (error) {
      if (!(error instanceof LeaseLostError)) console.error(`[jobs] order ${order.orderNo} crashed the runner`, error);
    } finally {
      clearInterval(beat);
    }
  }

  /** Stops claiming, lets running jobs finish within the grace period, hands back the rest. */
  async stop() {
    if (this.stopping) return;
    this.stopping = true;
    jobSignal.off("wake", this.onWake);
    if (this.timer) clearInterval(this.timer);
    const all = [...this.running.values()];
    const finished = Promise.all(all.map((r) => r.done));
    const grace = new Promise((r) => setTimeout(r, this.opts.shutdownGraceMs).unref?.());
    await Promise.race([finished, grace]);
    for (const r of this.running.values()) r.abort.abort(new Error("shutting down"));
    await finished;
  }
}
