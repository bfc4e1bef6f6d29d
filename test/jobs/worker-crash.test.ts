// A worker process killed in the middle of a job: its lease expires, another worker takes the
// order, it finishes, and it is charged exactly once. Real processes (`npm run worker`'s script),
// a real database, real ffmpeg.
import { spawn, type ChildProcess } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, verifyLedger } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { createOrder, queryOrder } from "@/lib/orders/service";
import { makeMix, serveFixtures, type FixtureServer } from "@/test/helpers/media";
import { signUp } from "@/lib/users/service";
import { stubScaledModes } from "@/test/helpers/scaled";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-crash-"));
let fixtures: FixtureServer;
const workers: ChildProcess[] = [];

function startWorker(name: string) {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: path.resolve(import.meta.dirname, "../.."),
    env: {
      ...process.env,
      DATA_DIR: path.join(dir, "data"),
      FETCH_ALLOW_HOSTS: "127.0.0.1",
      JOBS_LEASE_SECONDS: "2",
      JOBS_POLL_MS: "200",
      AUTH_SECRET: "worker-crash-test-secret-0123456789abcdef",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  child.stdout!.on("data", (d) => (log += d));
  child.stderr!.on("data", (d) => (log += d));
  (child as ChildProcess & { log: () => string }).log = () => `${name}: ${log}`;
  workers.push(child);
  return child;
}

// The scaled stage: workers (which inherit this env) on BullMQ and S3, orders queued from here.
let unstubModes: () => Promise<void> = async () => {};
beforeAll(async () => {
  unstubModes = await stubScaledModes();
  makeMix(path.join(dir, "song.wav"), 150);
  fixtures = await serveFixtures(dir);
}, 60_000);

afterAll(async () => {
  for (const w of workers) w.kill("SIGKILL");
  await unstubModes();
  await fixtures?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("job runner resilience", () => {
  it("kill -9 of the worker mid-job: the order is taken again after its lease, finishes, and is charged once", async () => {
    const user = await signUp({
      email: `crash-${randomUUID().slice(0, 6)}@example.com`,
      name: "Crash",
      password: "a long password 1",
    });
    const teamId = (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId;
    await grant({ userId: user.id, amount: 100, idempotencyKey: `crash-seed:${user.id}` });
    const actor = { userId: user.id, teamId };
    const { orderNo } = await createOrder(actor, {
      orderType: "track-separation",
      stuff: { pathKey: `${fixtures.baseUrl}/song.wav` },
    });

    const first = startWorker("first");
    // Wait until the first worker is well into the separation.
    const deadline = Date.now() + 120_000;
    for (;;) {
      const o = await db.order.findUniqueOrThrow({ where: { orderNo } });
      if (o.status === "processing" && o.progress > 0.2) break;
      if (o.status !== "pending" && o.status !== "processing") throw new Error(`unexpected ${o.status}: ${o.reason}`);
      if (Date.now() > deadline)
        throw new Error(`no progress; ${(first as ChildProcess & { log: () => string }).log()}`);
      await new Promise((r) => setTimeout(r, 100));
    }
    const killedOwner = (await db.order.findUniqueOrThrow({ where: { orderNo } })).leaseOwner;
    first.kill("SIGKILL");

    const second = startWorker("second");
    // Queue mode (the scaled stage) adds BullMQ's stalled check (up to two lock periods) before the retake.
    const end = Date.now() + 120_000;
    let o = await db.order.findUniqueOrThrow({ where: { orderNo } });
    while (o.status !== "finish" && o.status !== "failed") {
      if (Date.now() > end)
        throw new Error(
          `not finished: ${JSON.stringify(o)}; ${(second as ChildProcess & { log: () => string }).log()}`,
        );
      await new Promise((r) => setTimeout(r, 250));
      o = await db.order.findUniqueOrThrow({ where: { orderNo } });
    }
    expect(o.status).toBe("finish");
    expect(o.attempts).toBe(2);
    expect(o.leaseOwner).toBeNull();
    expect(killedOwner).not.toBeNull();

    // 150 s = 3 started minutes: 5 + 5 × 3 = 20 credits, charged once however often it is queried.
    const [a, b] = await Promise.all([queryOrder(actor, orderNo), queryOrder(actor, orderNo)]);
    expect(a.cost).toBe(20);
    expect(b.cost).toBe(20);
    const u = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect({ balance: u.balance, held: u.held, spent: u.spent }).toEqual({ balance: 80, held: 0, spent: 20 });
    expect(await db.ledgerEntry.count({ where: { ref: `order:${orderNo}`, kind: "capture" } })).toBe(1);
    expect((await verifyLedger()).mismatches).toEqual([]);
    expect(await db.orderFile.count({ where: { order: { orderNo } } })).toBe(2);
  }, 300_000);
});
