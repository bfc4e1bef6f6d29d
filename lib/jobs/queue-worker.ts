// The worker side of queue mode (REDIS_URL): runs order jobs and system jobs (deliveries,
// maintenance, reconcile) from BullMQ, with the same start()/stop()/active surface as the
// database-polled JobRunner. An order job claims its order by compare-and-set first, so a stale or
// duplicate job does nothing; backoff and hand-back move the same job to "delayed", which keeps
// one live job per order.
import "server-only";
import { randomUUID } from "node:crypto";
import os from "node:os";
import { DelayedError, type Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { runMaintenance } from "@/lib/jobs/maintenance";
import {
  ORDERS_QUEUE,
  type OrderJob,
  SYSTEM_QUEUE,
  type SystemJobName,
  addOrderJob,
  queues,
  redisConnection,
} from "@/lib/jobs/queue";
import { runClaimedOrder } from "@/lib/jobs/run-order";
import type { RunnerOptions } from "@/lib/jobs/runner-options";
import { claimById } from "@/lib/orders/lifecycle";
import { pumpDeliveries } from "@/lib/webhooks/deliveries";

type Running = { abort: AbortController; done: Promise<unknown> };

export class QueueWorker {
  readonly workerId = `${os.hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
  private running = new Map<string, Running>();
  private stopping = false;
  private redis: Redis | null = null;
  private orders: Worker<OrderJob> | null = null;
  private system: Worker | null = null;

  constructor(readonly opts: RunnerOptions) {}

  get active() {
    return this.running.size;
  }

  start() {
    const prefix = env().REDIS_PREFIX;
    this.redis = redisConnection("worker");
    // BullMQ's job lock follows the order lease: a worker killed mid-job has its job moved back to
    // "wait" by another worker's stalled check within about one lease, like the database lease.
    // Stalls never fail a job here; the order's attempt count decides when to give up.
    this.orders = new Worker<OrderJob>(ORDERS_QUEUE, (job, token) => this.runOrderJob(job, token), {
      connection: this.redis,
      prefix,
      concurrency: this.opts.concurrency,
      lockDuration: Math.max(5000, this.opts.leaseMs),
      stalledInterval: Math.max(5000, this.opts.leaseMs),
      maxStalledCount: 1000,
    });
    this.system = new Worker(SYSTEM_QUEUE, (job) => this.runSystemJob(job), {
      connection: this.redis,
      prefix,
      concurrency: 2,
      lockDuration: 60_000,
    });
    for (const w of [this.orders, this.system])
      w.on("error", (error) => console.error("[jobs] queue worker:", error.message));
    void this.schedule().catch((error) => console.error("[jobs] could not set up repeating jobs", error));
    return this;
  }

  /** Repeating system jobs: one job per tick for the whole cluster, whichever worker takes it. */
  private async schedule() {
    const { system } = queues();
    const every = {
      deliveries: this.opts.pollMs,
      maintenance: this.opts.maintenanceMs,
      reconcile: Math.max(this.opts.maintenanceMs, this.opts.leaseMs),
    } satisfies Record<SystemJobName, number>;
    for (const [name, ms] of Object.entries(every)) {
      await system.upsertJobScheduler(
        name,
        { every: Math.max(50, Math.round(ms)) },
        { name, opts: { removeOnComplete: true, removeOnFail: true } },
      );
    }
  }

  private async runOrderJob(job: Job<OrderJob>, token?: string) {
    if (this.stopping) return this.later(job, token, 0);
    const claim = await claimById(job.data.orderId, this.workerId, this.opts.leaseMs);
    if ("gone" in claim) return;
    if ("notBefore" in claim) return this.later(job, token, claim.notBefore.getTime() - Date.now() + 50);
    const abort = new AbortController();
    const done = runClaimedOrder(claim.order, this.opts, this.workerId, abort, () => this.stopping);
    this.running.set(claim.order.id, { abort, done });
    try {
      const result = await done;
      if (result.next === "again") return this.later(job, token, result.delayMs);
    } finally {
      this.running.delete(claim.order.id);
    }
  }

  /** Keeps the same job (same id) for a later look: backoff, a live lease, or a hand-back. */
  private async later(job: Job<OrderJob>, token: string | undefined, delayMs: number): Promise<never> {
    await job.moveToDelayed(Date.now() + Math.max(0, delayMs), token);
    throw new DelayedError();
  }

  private async runSystemJob(job: Job) {
    switch (job.name as SystemJobName) {
      case "deliveries":
        await pumpDeliveries();
        return;
      case "maintenance":
        await runMaintenance(this.opts);
        return;
      case "reconcile":
        await reconcile(this.opts.leaseMs);
        return;
    }
  }

  /** Stops taking jobs, lets running orders finish within the grace period, hands back the rest. */
  async stop() {
    if (this.stopping) return;
    this.stopping = true;
    const closing = Promise.allSettled([this.orders?.close(), this.system?.close()]);
    const grace = new Promise((r) => setTimeout(r, this.opts.shutdownGraceMs).unref?.());
    await Promise.race([closing, grace]);
    for (const r of this.running.values()) r.abort.abort(new Error("shutting down"));
    await closing;
    this.redis?.disconnect();
  }
}

/**
 * The safety net under Redis: every order the database says is runnable (pending, or processing
 * with an expired lease) gets a job if Redis has none for it: a lost write, a flushed or restored
 * Redis, a job that failed out. Answers how many it queued.
 */
export async function reconcile(leaseMs: number, limit = 1000): Promise<number> {
  const now = new Date();
  const orders = await db.order.findMany({
    where: {
      OR: [
        { status: "pending" },
        { status: "processing", leaseExpiresAt: { lt: new Date(now.getTime() - Math.min(leaseMs, 5000)) } },
      ],
    },
    orderBy: { createdAt: "asc" },
    take: limit,
    select: { id: true, status: true, nextAttemptAt: true },
  });
  const { orders: queue } = queues();
  let queued = 0;
  for (const o of orders) {
    const job = await queue.getJob(o.id);
    if (job) {
      const state = await job.getState();
      if (state !== "completed" && state !== "failed" && state !== "unknown") continue;
      await job.remove().catch(() => undefined);
    }
    const delay = o.status === "pending" ? o.nextAttemptAt.getTime() - now.getTime() : 0;
    await addOrderJob(o.id, delay);
    queued++;
  }
  if (queued > 0) console.log(`[jobs] reconcile: queued ${queued} order(s) Redis had no job for`);
  return queued;
}
