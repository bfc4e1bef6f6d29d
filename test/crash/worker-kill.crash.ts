// Crash suite (`npm run test:crash`): two worker processes (`npm run worker`'s script) take orders
// from BullMQ on a real redis-server; 20 times one of them is killed with SIGKILL in the middle of
// an order while the other keeps working, and a replacement starts. Each kill aims at a stage drawn
// at random (fetching input, probing, engine, storing results, finishing; each drawn equally
// often) and lands when the victim reaches it, seen from outside through the real parts it talks
// to: the loopback source that trickles the input, the loopback transcriber that answers late, and
// on PostgreSQL a lock this test takes so the victim's finishing transaction waits half-done
// (pg_stat_activity) and the kill lands inside it. Afterwards every order has reached a final
// state, none was charged twice, every hold is released, and `ledger:verify` is clean. Real
// database (PostgreSQL when reachable), real ffmpeg.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { grant, verifyLedger } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { closeQueues, queues } from "@/lib/jobs/queue";
import { createOrder, queryOrder } from "@/lib/orders/service";
import { signUp } from "@/lib/users/service";
import { defaultAnswer, type FakeOpenAI, startFakeOpenAI } from "@/test/helpers/fake-openai";
import { makeMix } from "@/test/helpers/media";
import { testRedis, type TestRedis } from "@/test/helpers/redis";
import { KillPoints, STAGES, type Stage, UPSTREAM_MS } from "./kill-points";

const ROUNDS = Number(process.env.CRASH_ROUNDS || 20);
const root = path.resolve(import.meta.dirname, "../..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-crash-suite-"));
let points: KillPoints;
let transcriber: FakeOpenAI;
let redis: TestRedis;

type Worker = { child: ChildProcess; name: string; log: string; exited: Promise<unknown> };
const workers: Worker[] = [];

function startWorker(name: string): Worker {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: root,
    env: {
      ...process.env,
      REDIS_URL: redis.url,
      REDIS_PREFIX: redis.prefix,
      DATA_DIR: path.join(dir, "data"),
      FETCH_ALLOW_HOSTS: "127.0.0.1",
      JOBS_LEASE_SECONDS: "2",
      JOBS_POLL_MS: "500",
      JOBS_MAINTENANCE_SECONDS: "5",
      // One order per worker at a time, so the stage a kill aims at is the only one it interrupts.
      JOBS_CONCURRENCY: "1",
      TRANSCRIBE_ENGINES: "openai",
      TRANSCRIBE_BASE_URL: transcriber.baseUrl,
      TRANSCRIBE_API_KEY: "sk-crash-suite",
      // Each kill costs the order an attempt; enough of them that kills alone never fail an order.
      JOBS_MAX_ATTEMPTS: "20",
      // A transient failure (a busy database while workers die around it) is retried soon, so every
      // order settles within the bound below.
      JOBS_BACKOFF_SECONDS: "0.05",
      AUTH_SECRET: "crash-suite-secret-0123456789abcdef0123",
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const w: Worker = { child, name, log: "", exited: new Promise((r) => child.once("exit", r)) };
  child.stdout!.on("data", (d) => (w.log = (w.log + d).slice(-4000)));
  child.stderr!.on("data", (d) => (w.log = (w.log + d).slice(-4000)));
  workers.push(w);
  return w;
}

beforeAll(async () => {
  redis = await testRedis();
  // This process creates the orders, so it queues them too.
  process.env.REDIS_URL = redis.url;
  process.env.REDIS_PREFIX = redis.prefix;
  makeMix(path.join(dir, "song.wav"), 3);
  points = new KillPoints(
    () => workers.filter((w) => w.child.exitCode === null).map((w) => w.child.pid!),
    process.env.DATABASE_URL!,
  );
  await points.serve(path.join(dir, "song.wav"));
  // extract-text orders wait on this upstream (a fixed delay per request), like a hosted transcriber.
  transcriber = await startFakeOpenAI({ apiKey: "sk-crash-suite" });
  transcriber.respond = (req) => {
    points.noteCall(req.remotePort, transcriber.baseUrl);
    const answer = defaultAnswer(req);
    return answer === "default" ? answer : { ...answer, delayMs: UPSTREAM_MS };
  };
  transcriber.answered = (port) => points.noteAnswer(port, transcriber.baseUrl);
}, 120_000);

afterAll(async () => {
  for (const w of workers) w.child.kill("SIGKILL");
  await Promise.all(workers.map((w) => w.exited));
  await closeQueues();
  await points?.close();
  await transcriber?.close();
  await redis?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

class Missed extends Error {}
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const MAX_ORDERS = 60;
const CREDITS = 100_000;
const ACTIVE = { status: { in: ["pending", "processing"] } };

describe("crash suite", () => {
  it(`${ROUNDS} kill -9 of a worker mid-order: nothing lost or stuck, nothing charged twice, ledger clean`, async () => {
    const started = Date.now();
    const user = await signUp({
      email: `crash-${randomUUID().slice(0, 6)}@example.com`,
      name: "Crash",
      password: "a long password 1",
    });
    const teamId = (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId;
    await grant({ userId: user.id, amount: CREDITS, idempotencyKey: `crash-seed:${user.id}` });
    const actor = { userId: user.id, teamId };
    const orderNos: string[] = [];
    const topUp = async (n: number) => {
      for (let i = 0; i < n; i++) {
        // Mostly I/O-bound transcriptions, every third a short local separation (CPU).
        const type = (["extract-text", "extract-text", "extract-voice"] as const)[orderNos.length % 3];
        orderNos.push(
          (
            await createOrder(actor, {
              orderType: type,
              stuff: { pathKey: `${points.baseUrl}/song.wav?${orderNos.length}` },
            })
          ).orderNo,
        );
      }
    };
    await topUp(4);
    const live: Worker[] = [startWorker("w1"), startWorker("w2")];
    const host = os.hostname();
    const kills: { round: number; target: Stage; landed: string; row: string; orderNo: string }[] = [];

    // Each stage is drawn equally often, in a random order.
    const plan: Stage[] = Array.from({ length: ROUNDS }, (_, i) => STAGES[i % STAGES.length]);
    for (let i = plan.length - 1; i > 0; i--) {
      const k = Math.floor(Math.random() * (i + 1));
      [plan[i], plan[k]] = [plan[k], plan[i]];
    }
    for (let round = 1; round <= ROUNDS; round++) {
      const slot = round % 2;
      const victim = live[slot];
      const deadline = Date.now() + 90_000;
      const pid = victim.child.pid!;
      const held = () =>
        db.order.findFirst({
          where: { status: "processing", leaseOwner: { startsWith: `${host}:${pid}:` } },
          select: { id: true, orderNo: true, stage: true, progress: true },
        });
      let lastTopUp = 0;
      const until = async (ready: () => boolean | Promise<boolean>) => {
        while (!(await ready())) {
          if (Date.now() > deadline) throw new Missed();
          if (victim.child.exitCode !== null) throw new Error(`${victim.name} exited on its own\n${victim.log}`);
          // Keep both workers busy.
          if (Date.now() - lastTopUp > 500) {
            lastTopUp = Date.now();
            if (orderNos.length < MAX_ORDERS && (await db.order.count({ where: { status: "pending" } })) < 2)
              await topUp(2);
          }
          await sleep(5);
        }
      };
      let hit: { orderNo: string; stage: string | null; progress: number } | null = null;
      const kill = async () => {
        victim.child.kill("SIGKILL");
        await victim.exited;
        // The dead worker's lease still names it until it runs out.
        hit = await held();
      };
      // A stage the victim did not reach in time (it kept drawing other orders) still ends in a
      // kill, counted apart; the checks below hold whatever the kill interrupted.
      const landed = await points.aim(plan[round - 1], pid, held, kill, until).catch(async (error) => {
        if (!(error instanceof Missed)) throw error;
        if (victim.child.exitCode === null) await kill();
        return `missed ${plan[round - 1]}`;
      });
      const h = hit as { orderNo: string; stage: string | null; progress: number } | null;
      kills.push({ round, target: plan[round - 1], landed, row: h?.stage ?? "-", orderNo: h?.orderNo ?? "-" });
      console.log(
        `[crash] round ${round} at ${Math.round((Date.now() - started) / 1000)} s: aimed at ${plan[round - 1]}, killed ${victim.name} in ${landed} (${h?.orderNo ?? "no order held"}, row stage ${h?.stage ?? "-"} ${h ? h.progress.toFixed(2) : ""})`,
      );
      live[slot] = startWorker(`w${round + 2}`);
    }
    const killedAt = Date.now();

    // Every order reaches a final state within a bound once the killing stops.
    const bound = Date.now() + 180_000;
    while ((await db.order.count({ where: ACTIVE })) > 0) {
      if (Date.now() > bound) {
        const stuck = await db.order.findMany({ where: ACTIVE });
        throw new Error(`stuck orders: ${JSON.stringify(stuck)}\n${live.map((w) => w.log).join("\n")}`);
      }
      await sleep(250);
    }
    const settledMs = Date.now() - killedAt;

    const orders = await db.order.findMany({ where: { orderNo: { in: orderNos } } });
    expect(orders).toHaveLength(orderNos.length);
    // The first query of a finished order captures its charge; two at once still capture once.
    for (const o of orders.filter((o) => o.status === "finish")) {
      await Promise.all([queryOrder(actor, o.orderNo), queryOrder(actor, o.orderNo)]);
    }
    let spent = 0;
    for (const o of await db.order.findMany({ where: { orderNo: { in: orderNos } } })) {
      const entries = await db.ledgerEntry.findMany({ where: { ref: `order:${o.orderNo}` } });
      const captures = entries.filter((e) => e.kind === "capture");
      const releases = entries.filter((e) => e.kind === "release");
      if (o.status === "finish") {
        expect(captures, o.orderNo).toHaveLength(1);
        expect(captures[0].amount).toBe(o.cost);
        expect(o.payStatus).toBe("paid");
        spent += o.cost;
      } else {
        expect(o.status, `${o.orderNo}: ${o.reason}`).toBe("failed");
        expect(captures).toHaveLength(0);
        expect(releases.length).toBeLessThanOrEqual(1);
      }
    }
    const u = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    expect({ balance: u.balance, held: u.held, spent: u.spent }).toEqual({ balance: CREDITS - spent, held: 0, spent });
    expect((await verifyLedger()).mismatches).toEqual([]);
    // The same check as an operator runs it, in its own process.
    const verify = execFileSync(
      process.execPath,
      ["--conditions=react-server", "--import", "tsx", "scripts/ledger-verify.ts"],
      { cwd: root, env: process.env, encoding: "utf8" },
    );
    expect(verify).toMatch(/^ledger ok: /m);
    // Nothing left behind in Redis for orders that have ended.
    const c = await queues().orders.getJobCounts("waiting", "delayed", "active");
    expect(c.waiting + c.delayed + c.active).toBe(0);

    const finished = orders.filter((o) => o.status === "finish").length;
    const tally = (f: (k: (typeof kills)[number]) => string) => {
      const m = new Map<string, number>();
      for (const k of kills) m.set(f(k), (m.get(f(k)) ?? 0) + 1);
      return [...m].map(([s, n]) => `${s} ×${n}`).join(", ");
    };
    const maxAttempts = Math.max(...orders.map((o) => o.attempts));
    console.log(
      [
        `[crash] ${kills.length} kills in ${Math.round((killedAt - started) / 1000)} s; ${orders.length} orders: ` +
          `${finished} finished, ${orders.length - finished} failed, 0 lost or stuck; most attempts on one order: ${maxAttempts}`,
        `[crash] all orders final ${Math.round(settledMs / 1000)} s after the last kill; 0 double charges; ledger:verify clean`,
        `[crash] kills aimed at: ${tally((k) => k.target)}`,
        `[crash] kills landed in: ${tally((k) => k.landed)}`,
        `[crash] order row's stage at the kill: ${tally((k) => k.row)}`,
      ].join("\n"),
    );
  });
});
