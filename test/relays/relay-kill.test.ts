// Exactly-once submission across a crash: a worker process (`npm run worker`'s script) is killed
// with SIGKILL right after it stored YinziAI's task id and before it marked the task submitted
// (RELAY_TEST_CRASH_AFTER=stored-id, a test-only hook). The next worker finds the stored id, polls
// that task instead of creating another, and finishes the order, charged once.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { verifyLedger } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { createOrder, queryOrder } from "@/lib/orders/service";
import { type FakeYinzi, startFakeYinzi } from "@/test/helpers/fake-yinzi";
import { type FixtureServer, makeMix, serveFixtures } from "@/test/helpers/media";
import { actorWithCredits, addUpstream, balances, route, TEST_MASTER_KEY } from "@/test/helpers/relays";
import { spawnWorker, type WorkerProcess } from "@/test/helpers/worker";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-relay-kill-"));
let fixtures: FixtureServer;
let fake: FakeYinzi;
const workers: WorkerProcess[] = [];

const workerEnv = {
  DATA_DIR: path.join(dir, "data"),
  FETCH_ALLOW_HOSTS: "127.0.0.1",
  RELAY_MASTER_KEY: TEST_MASTER_KEY,
  RELAY_POLL_INTERVAL_MS: "50",
  RELAY_RETRY_BASE_MS: "50",
  JOBS_LEASE_SECONDS: "2",
  JOBS_POLL_MS: "100",
  AUTH_SECRET: "relay-kill-test-secret-0123456789abcdef",
};

beforeAll(async () => {
  vi.stubEnv("DATA_DIR", workerEnv.DATA_DIR);
  vi.stubEnv("RELAY_MASTER_KEY", TEST_MASTER_KEY);
  makeMix(path.join(dir, "song.wav"), 5);
  fixtures = await serveFixtures(dir);
  fake = await startFakeYinzi();
}, 60_000);

afterAll(async () => {
  for (const w of workers) w.child.kill("SIGKILL");
  await fake?.close();
  await fixtures?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("relay exactly-once across a worker crash", () => {
  it("kill -9 between 'id stored' and 'submitted': one upstream create, the order finishes, charged once", async () => {
    const up = await addUpstream({ name: "Yinzi crash", baseUrl: fake.baseUrl, apiKey: fake.apiKey });
    await route("track-separation", [`upstream:${up.id}`, "local"]);
    fake.knobs.finishAfterPolls = 3;
    const actor = await actorWithCredits(100);
    const { orderNo } = await createOrder(actor, {
      orderType: "track-separation",
      stuff: { pathKey: `${fixtures.baseUrl}/song.wav` },
    });

    const doomed = spawnWorker({ ...workerEnv, RELAY_TEST_CRASH_AFTER: "stored-id" });
    workers.push(doomed);
    const code = await Promise.race([
      doomed.exited.then(() => doomed.child.signalCode),
      new Promise((r) => setTimeout(() => r("still running"), 90_000)),
    ]);
    expect(code, doomed.log()).toBe("SIGKILL");

    // It died where the test hook says: id stored, the task still "submitting", the order leased.
    const task = await db.relayTask.findFirstOrThrow({ where: { order: { orderNo } } });
    expect(task.state).toBe("submitting");
    expect(task.upstreamTaskId).not.toBeNull();
    expect(fake.creates()).toBe(1);
    const stuck = await db.order.findUniqueOrThrow({ where: { orderNo } });
    expect(stuck.status).toBe("processing");

    const next = spawnWorker(workerEnv);
    workers.push(next);
    const end = Date.now() + 90_000;
    let o = stuck;
    while (o.status === "pending" || o.status === "processing") {
      if (Date.now() > end) throw new Error(`not finished: ${o.status} ${o.stage}; ${next.log()}`);
      await new Promise((r) => setTimeout(r, 200));
      o = await db.order.findUniqueOrThrow({ where: { orderNo } });
    }
    next.child.kill("SIGTERM");

    expect(o.status, `${o.reason}; ${next.log()}`).toBe("finish");
    expect(o.engine).toBe("relay:Yinzi crash");
    expect(o.attempts).toBe(2);
    expect(fake.creates()).toBe(1);
    const after = await db.relayTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(after).toMatchObject({ state: "finished", upstreamTaskId: task.upstreamTaskId });
    expect(after.submittedAt).not.toBeNull();
    expect(await db.orderFile.count({ where: { orderId: o.id } })).toBe(2);

    const view = await queryOrder(actor, orderNo);
    expect(await balances(actor.userId)).toEqual({ balance: 100 - view.cost, held: 0, spent: view.cost });
    expect(await db.ledgerEntry.count({ where: { ref: `order:${orderNo}`, kind: "capture" } })).toBe(1);
    expect((await verifyLedger()).mismatches).toEqual([]);
  }, 240_000);
});
