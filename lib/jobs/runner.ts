// The job runner: claims orders with a lease, keeps the lease alive with a heartbeat, runs them
// with a concurrency limit, retries transient failures with backoff, times out overdue orders,
// sweeps old files, and on shutdown finishes or hands back what it holds. The database row is the
// queue: the same runner runs embedded in `next start` or alone in `npm run worker`.
import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { claimNext, type ClaimedOrder } from "@/lib/orders/lifecycle";
import { runMaintenance } from "@/lib/jobs/maintenance";
import { runClaimedOrder } from "@/lib/jobs/run-order";
import type { RunnerOptions } from "@/lib/jobs/runner-options";
import { jobSignal } from "@/lib/jobs/signal";
import { pumpDeliveries } from "@/lib/webhooks/deliveries";

export { type RunnerOptions, runnerOptionsFromEnv } from "@/lib/jobs/runner-options";

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
        await runMaintenance(this.opts);
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
    await runClaimedOrder(order, this.opts, this.workerId, abort, () => this.stopping);
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
