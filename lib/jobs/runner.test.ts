import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { grant, verifyLedger } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { JobRunner, runnerOptionsFromEnv } from "@/lib/jobs/runner";
import { endOrder } from "@/lib/orders/lifecycle";
import { createOrder } from "@/lib/orders/service";
import { signUp } from "@/lib/users/service";
import { makeMix, serveFixtures, type FixtureServer } from "@/test/helpers/media";

let fixtures: FixtureServer;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-runner-"));

beforeAll(async () => {
  vi.stubEnv("DATA_DIR", path.join(dir, "data"));
  vi.stubEnv("FETCH_ALLOW_HOSTS", "127.0.0.1");
  makeMix(path.join(dir, "mix.wav"), 3);
  fixtures = await serveFixtures(dir);
});
afterAll(async () => {
  await fixtures.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function actorWithCredits(amount: number) {
  const user = await signUp({
    email: `runner-${randomUUID().slice(0, 6)}@example.com`,
    name: "Runner",
    password: "a long password 1",
  });
  const teamId = (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId;
  await grant({ userId: user.id, amount, idempotencyKey: `seed:${user.id}` });
  return { userId: user.id, teamId };
}

const opts = (over: Partial<ReturnType<typeof runnerOptionsFromEnv>>) => ({
  ...runnerOptionsFromEnv({}),
  pollMs: 100,
  leaseMs: 1000,
  ...over,
});

async function waitFor<T>(fn: () => Promise<T>, ok: (v: T) => boolean, ms = 15_000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (ok(v)) return v;
    if (Date.now() > end) throw new Error(`timed out waiting; last value ${JSON.stringify(v)}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe("job runner", () => {
  it("marks an order `timeout` past the limit, releases its hold, and stops working on it", async () => {
    const actor = await actorWithCredits(50);
    const { orderNo } = await createOrder(actor, {
      orderType: "track-separation",
      stuff: { pathKey: `${fixtures.baseUrl}/stall` },
    });
    const runner = new JobRunner(opts({ orderTimeoutMs: 1500, maintenanceMs: 200, fetchTimeoutMs: 60_000 })).start();
    try {
      const o = await waitFor(
        () => db.order.findUniqueOrThrow({ where: { orderNo } }),
        (o) => o.status === "timeout",
      );
      expect(o).toMatchObject({ reason: "The order did not finish within 2 seconds", payStatus: "released", cost: 0 });
      await waitFor(
        async () => runner.active,
        (n) => n === 0,
      );
      expect(
        await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { balance: true, held: true } }),
      ).toEqual({ balance: 50, held: 0 });
      expect((await db.order.findUniqueOrThrow({ where: { orderNo } })).status).toBe("timeout");
    } finally {
      await runner.stop();
    }
    expect((await verifyLedger()).mismatches).toEqual([]);
  });

  it("on shutdown hands back the orders it holds, without counting the attempt", async () => {
    const actor = await actorWithCredits(50);
    const { orderNo } = await createOrder(actor, {
      orderType: "extract-voice",
      stuff: { pathKey: `${fixtures.baseUrl}/stall` },
    });
    const runner = new JobRunner(opts({ shutdownGraceMs: 200, fetchTimeoutMs: 60_000 })).start();
    await waitFor(
      () => db.order.findUniqueOrThrow({ where: { orderNo } }),
      (o) => o.status === "processing",
    );
    await runner.stop();
    const o = await db.order.findUniqueOrThrow({ where: { orderNo } });
    expect(o).toMatchObject({ status: "pending", leaseOwner: null, attempts: 0, payStatus: "waiting" });
    expect(await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { held: true } })).toEqual({
      held: 5,
    });
    // Leave nothing stalled in the queue for the next test.
    expect(await endOrder(o.id, "failed", "test finished")).toBe(true);
  });

  it("gives up after the configured attempts on a failure that stays transient", async () => {
    const actor = await actorWithCredits(50);
    const { orderNo } = await createOrder(actor, {
      orderType: "extract-voice",
      stuff: { pathKey: `${fixtures.baseUrl}/status/503` },
    });
    const runner = new JobRunner(opts({ maxAttempts: 2, backoffMs: 50 })).start();
    try {
      const o = await waitFor(
        () => db.order.findUniqueOrThrow({ where: { orderNo } }),
        (o) => o.status === "failed",
      );
      expect(o.reason).toBe("Failed after 2 attempts: Could not download pathKey: The link answered HTTP 503");
      expect(o.attempts).toBe(2);
      expect(fixtures.hits.get("/status/503")).toBe(2);
    } finally {
      await runner.stop();
    }
    expect(
      await db.user.findUniqueOrThrow({ where: { id: actor.userId }, select: { balance: true, held: true } }),
    ).toEqual({ balance: 50, held: 0 });
  });

  it("an attempt after one that was killed starts from an empty results folder (its leftovers, folders included, go)", async () => {
    const actor = await actorWithCredits(50);
    const { orderNo } = await createOrder(actor, {
      orderType: "extract-voice",
      stuff: { pathKey: `${fixtures.baseUrl}/mix.wav` },
    });
    // What a worker killed mid-engine leaves behind: a partial stem and an engine's work folder.
    const results = path.join(dir, "data", "results", orderNo);
    fs.mkdirSync(path.join(results, ".work-killed"), { recursive: true });
    fs.writeFileSync(path.join(results, ".work-killed", "chunk.wav"), "partial");
    fs.writeFileSync(path.join(results, "accompaniment.partial"), "partial");
    const runner = new JobRunner(opts({})).start();
    try {
      const o = await waitFor(
        () => db.order.findUniqueOrThrow({ where: { orderNo } }),
        (o) => o.status !== "pending" && o.status !== "processing",
        60_000,
      );
      expect(o.status).toBe("finish");
    } finally {
      await runner.stop();
    }
    const left = fs.readdirSync(results);
    expect(left).not.toContain(".work-killed");
    expect(left).not.toContain("accompaniment.partial");
    expect(left.length).toBeGreaterThan(0);
    expect((await verifyLedger()).mismatches).toEqual([]);
  }, 90_000);
});
