// Queue mode (REDIS_URL): orders go through BullMQ on a real redis-server, run by QueueWorker on a
// real database with real ffmpeg, their input served by a loopback server.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { grant, verifyLedger } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { closeQueues, queues } from "@/lib/jobs/queue";
import { QueueWorker, reconcile } from "@/lib/jobs/queue-worker";
import { runnerOptionsFromEnv } from "@/lib/jobs/runner";
import { endOrder } from "@/lib/orders/lifecycle";
import { createOrder } from "@/lib/orders/service";
import { signUp } from "@/lib/users/service";
import { makeMix, serveFixtures, type FixtureServer } from "@/test/helpers/media";
import { startReceiver } from "@/test/helpers/receiver";
import { testRedis, type TestRedis } from "@/test/helpers/redis";
import { enqueueDelivery } from "@/lib/webhooks/deliveries";

let fixtures: FixtureServer;
let redis: TestRedis;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-queue-"));
const workers: QueueWorker[] = [];

beforeAll(async () => {
  redis = await testRedis();
  vi.stubEnv("REDIS_URL", redis.url);
  vi.stubEnv("REDIS_PREFIX", redis.prefix);
  vi.stubEnv("DATA_DIR", path.join(dir, "data"));
  vi.stubEnv("FETCH_ALLOW_HOSTS", "127.0.0.1");
  makeMix(path.join(dir, "song.wav"), 4);
  fixtures = await serveFixtures(dir);
});
afterEach(async () => {
  await Promise.all(workers.splice(0).map((w) => w.stop()));
});
afterAll(async () => {
  await closeQueues();
  await fixtures?.close();
  await redis?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function actorWithCredits(amount: number) {
  const user = await signUp({
    email: `queue-${randomUUID().slice(0, 6)}@example.com`,
    name: "Queue",
    password: "a long password 1",
  });
  const teamId = (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId;
  await grant({ userId: user.id, amount, idempotencyKey: `seed:${user.id}` });
  return { userId: user.id, teamId };
}

function startWorker(over: Partial<ReturnType<typeof runnerOptionsFromEnv>> = {}) {
  const w = new QueueWorker({
    ...runnerOptionsFromEnv({}),
    pollMs: 200,
    leaseMs: 2000,
    maintenanceMs: 60_000,
    ...over,
  }).start();
  workers.push(w);
  return w;
}

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 90_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const orderRow = (orderNo: string) => db.order.findUniqueOrThrow({ where: { orderNo } });
const liveJobs = async () => {
  const c = await queues().orders.getJobCounts("waiting", "delayed", "active", "prioritized");
  return c.waiting + c.delayed + c.active + c.prioritized;
};

describe("jobs through Redis (BullMQ)", () => {
  it("queues a new order once under its own id, even when it is queued again, and a worker finishes it and charges once", async () => {
    const actor = await actorWithCredits(50);
    const { orderNo } = await createOrder(actor, {
      orderType: "extract-voice",
      stuff: { pathKey: `${fixtures.baseUrl}/song.wav` },
    });
    const order = await orderRow(orderNo);
    const job = await queues().orders.getJob(order.id);
    expect(job?.data).toEqual({ orderId: order.id });
    // A double click, a retried request, the reconcile pass: still one job.
    await queues().orders.add("order", { orderId: order.id }, { jobId: order.id });
    expect(await reconcile(2000)).toBe(0);
    expect(await liveJobs()).toBe(1);

    startWorker();
    const done = await waitFor(
      () => orderRow(orderNo),
      (o) => o.status === "finish",
    );
    expect(done).toMatchObject({ attempts: 1, leaseOwner: null, progress: 1 });
    expect(await db.orderFile.count({ where: { orderId: order.id } })).toBeGreaterThan(0);
    expect(await waitFor(liveJobs, (n) => n === 0)).toBe(0);
    expect(await db.ledgerEntry.count({ where: { ref: `order:${orderNo}`, kind: "hold" } })).toBeGreaterThan(0);
    expect((await verifyLedger()).mismatches).toEqual([]);
  });

  it("retries a transient failure after its backoff through the same job, then finishes", async () => {
    const actor = await actorWithCredits(50);
    const { orderNo } = await createOrder(actor, {
      orderType: "extract-voice",
      stuff: { pathKey: `${fixtures.baseUrl}/flaky/song.wav` },
    });
    startWorker({ backoffMs: 1500 });
    const retrying = await waitFor(
      () => orderRow(orderNo),
      (o) => o.status === "pending" && o.attempts === 1,
    );
    expect(retrying.stage).toMatch(/^retrying: /);
    const job = await queues().orders.getJob(retrying.id);
    expect(await job?.getState()).toBe("delayed");
    const done = await waitFor(
      () => orderRow(orderNo),
      (o) => o.status === "finish",
    );
    expect(done.attempts).toBe(2);
    expect(done.startedAt!.getTime() - retrying.nextAttemptAt.getTime()).toBeGreaterThanOrEqual(-50);
    expect(fixtures.hits.get("/flaky/song.wav")).toBe(2);
    expect((await verifyLedger()).mismatches).toEqual([]);
  });

  it("a job for an order that has already ended does nothing", async () => {
    const actor = await actorWithCredits(50);
    const { orderNo } = await createOrder(actor, {
      orderType: "extract-voice",
      stuff: { pathKey: `${fixtures.baseUrl}/song.wav` },
    });
    const order = await orderRow(orderNo);
    expect(await endOrder(order.id, "failed", "cancelled by the test")).toBe(true);
    startWorker();
    expect(await waitFor(liveJobs, (n) => n === 0)).toBe(0);
    const after = await orderRow(orderNo);
    expect(after).toMatchObject({ status: "failed", attempts: 0, reason: "cancelled by the test" });
    expect(
      await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { balance: true, held: true } }),
    ).toEqual({ balance: 50, held: 0 });
  });

  it("the reconcile pass queues an order whose job Redis lost, and it runs", async () => {
    const actor = await actorWithCredits(50);
    const { orderNo } = await createOrder(actor, {
      orderType: "extract-voice",
      stuff: { pathKey: `${fixtures.baseUrl}/song.wav` },
    });
    const order = await orderRow(orderNo);
    await queues().orders.remove(order.id);
    expect(await queues().orders.getJob(order.id)).toBeUndefined();
    // The worker's scheduled reconcile finds it (maintenance every 300 ms here).
    startWorker({ maintenanceMs: 300 });
    const done = await waitFor(
      () => orderRow(orderNo),
      (o) => o.status === "finish",
    );
    expect(done.attempts).toBe(1);
  });

  it("a webhook event is sent by a queue worker, retried after an error answer, and delivered once", async () => {
    const receiver = await startReceiver();
    try {
      const actor = await actorWithCredits(1);
      receiver.failNext("/hook", 1, 503);
      vi.stubEnv("WEBHOOK_BACKOFF_SECONDS", "0.2");
      startWorker();
      const row = await enqueueDelivery({
        teamId: actor.teamId,
        kind: "webhook",
        event: "order.finished",
        url: `${receiver.baseUrl}/hook`,
        body: { hello: "queue" },
      });
      const got = await receiver.waitFor((r) => r.some((x) => x.answered === 200), 30_000);
      expect(got.map((r) => r.answered)).toEqual([503, 200]);
      expect(got[1].json).toEqual({ hello: "queue" });
      const d = await waitFor(
        () => db.webhookDelivery.findUniqueOrThrow({ where: { id: row.id } }),
        (d) => d.status === "delivered",
      );
      expect(d.attempt).toBe(2);
    } finally {
      vi.stubEnv("WEBHOOK_BACKOFF_SECONDS", "");
      await receiver.close();
    }
  });

  it("on shutdown hands back the order it holds, uncounted, and leaves its job for the next worker", async () => {
    const actor = await actorWithCredits(50);
    const { orderNo } = await createOrder(actor, {
      orderType: "extract-voice",
      stuff: { pathKey: `${fixtures.baseUrl}/stall` },
    });
    const w = startWorker({ shutdownGraceMs: 200, fetchTimeoutMs: 60_000 });
    const running = await waitFor(
      () => orderRow(orderNo),
      (o) => o.status === "processing",
    );
    expect(running.leaseOwner).toBe(w.workerId);
    await w.stop();
    const o = await orderRow(orderNo);
    expect(o).toMatchObject({ status: "pending", leaseOwner: null, attempts: 0, payStatus: "waiting" });
    const job = await queues().orders.getJob(o.id);
    expect(["delayed", "waiting"]).toContain(await job?.getState());
    // The next worker takes it at once.
    const next = startWorker({ fetchTimeoutMs: 60_000 });
    await waitFor(
      () => orderRow(orderNo),
      (r) => r.status === "processing" && r.leaseOwner === next.workerId,
    );
    expect(await endOrder(o.id, "failed", "test finished")).toBe(true);
  });
});
