// Jobs per second with 1, 2 and 4 worker processes in queue mode (BullMQ on a throwaway
// redis-server), on I/O-bound jobs: extract-text orders whose transcription waits on a loopback
// OpenAI-compatible fake answering after a fixed delay. Each worker runs one job at a time
// (JOBS_CONCURRENCY=1), so the scaling comes from the processes. Target: N workers ≥ 0.8·N × one.
// Figures, not a timed test.
//   npx tsx --conditions=react-server bench/jobs-scaling.ts [delayMs=2000] [jobsPerWorker=6] [workers=1,2,4]
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { defaultAnswer, startFakeOpenAI } from "../test/helpers/fake-openai";
import { makeMix, serveFixtures } from "../test/helpers/media";
import { startRedisServer } from "../test/helpers/redis";

const DELAY_MS = Number(process.argv[2] ?? 2000);
const PER_WORKER = Number(process.argv[3] ?? 6);
const COUNTS = (process.argv[4] ?? "1,2,4").split(",").map(Number);
const root = path.resolve(import.meta.dirname, "..");
const dir = mkdtempSync(path.join(os.tmpdir(), "mx-bench-jobs-"));
const dbUrl = process.env.BENCH_DATABASE_URL || `file:${path.join(dir, "bench.db")}`;
const redis = await startRedisServer();
const transcriber = await startFakeOpenAI({ apiKey: "sk-bench" });
transcriber.respond = (req) => {
  const answer = defaultAnswer(req);
  return answer === "default" ? answer : { ...answer, delayMs: DELAY_MS };
};
makeMix(path.join(dir, "talk.wav"), 2);
const fixtures = await serveFixtures(dir);
const common = {
  DATABASE_URL: dbUrl,
  DATA_DIR: path.join(dir, "data"),
  FETCH_ALLOW_HOSTS: "127.0.0.1",
  REDIS_URL: redis.url,
  TRANSCRIBE_ENGINES: "openai",
  TRANSCRIBE_BASE_URL: transcriber.baseUrl,
  TRANSCRIBE_API_KEY: "sk-bench",
  AUTH_SECRET: "bench-secret-0123456789abcdef0123456789",
};
Object.assign(process.env, common, { REDIS_PREFIX: "bench-setup" });

const { migrateDatabase } = await import("../scripts/db-migrate");
await migrateDatabase(dbUrl, { quiet: true });
const { db } = await import("@/lib/db");
const { grant } = await import("@/lib/billing/ledger");
const { createOrder } = await import("@/lib/orders/service");
const { signUp } = await import("@/lib/users/service");
const { closeQueues } = await import("@/lib/jobs/queue");

const user = await signUp({
  email: `bench-${randomUUID().slice(0, 6)}@example.com`,
  name: "Bench",
  password: "a long password 1",
});
const teamId = (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId;
await grant({ userId: user.id, amount: 1_000_000, idempotencyKey: `bench:${user.id}` });
const actor = { userId: user.id, teamId };

function startWorker(prefix: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--conditions=react-server", "--import", "tsx", "scripts/worker.ts"], {
    cwd: root,
    env: { ...process.env, ...common, REDIS_PREFIX: prefix, JOBS_CONCURRENCY: "1", JOBS_POLL_MS: "500" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let log = "";
  return new Promise((resolve, reject) => {
    child.stdout!.on("data", (d) => {
      log += d;
      if (log.includes("[worker]") && log.includes("started")) resolve(child);
    });
    child.stderr!.on("data", (d) => (log += d));
    child.once("exit", () => reject(new Error(`worker exited:\n${log}`)));
  });
}

async function runBatch(n: number) {
  const orderNos: string[] = [];
  for (let i = 0; i < n; i++) {
    orderNos.push(
      (await createOrder(actor, { orderType: "extract-text", stuff: { pathKey: `${fixtures.baseUrl}/talk.wav` } }))
        .orderNo,
    );
  }
  for (;;) {
    const open = await db.order.count({
      where: { orderNo: { in: orderNos }, status: { in: ["pending", "processing"] } },
    });
    if (open === 0) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  const failed = await db.order.count({ where: { orderNo: { in: orderNos }, status: { not: "finish" } } });
  if (failed) throw new Error(`${failed} of ${n} orders did not finish`);
}

const results: { workers: number; jobs: number; seconds: number; perSecond: number }[] = [];
for (const n of COUNTS) {
  const prefix = `bench${n}-${randomBytes(3).toString("hex")}`;
  process.env.REDIS_PREFIX = prefix;
  const workers = await Promise.all(Array.from({ length: n }, () => startWorker(prefix)));
  // Warm-up: every worker loads the engine's modules once before the clock starts.
  await runBatch(n * 2);
  const jobs = n * PER_WORKER;
  const t0 = performance.now();
  await runBatch(jobs);
  const seconds = (performance.now() - t0) / 1000;
  results.push({ workers: n, jobs, seconds, perSecond: jobs / seconds });
  for (const w of workers) w.kill("SIGTERM");
  await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once("exit", r)))));
  console.log(`${n} worker(s): ${jobs} jobs in ${seconds.toFixed(1)} s`);
}

const one = results.find((r) => r.workers === 1)?.perSecond ?? results[0].perSecond;
console.log(
  `\njobs/s on I/O-bound jobs (upstream delay ${DELAY_MS} ms, 1 job at a time per worker), load ${os.loadavg()[0].toFixed(1)}`,
);
console.log("workers  jobs/s  ratio to 1  target (0.8·N)  ");
for (const r of results) {
  const ratio = r.perSecond / one;
  const target = 0.8 * r.workers;
  console.log(
    `${String(r.workers).padStart(7)}  ${r.perSecond.toFixed(3).padStart(6)}  ${ratio.toFixed(2).padStart(10)}  ${target.toFixed(1).padStart(13)}  ${ratio >= target ? "met" : "MISSED"}`,
  );
}

await closeQueues();
await db.$disconnect();
await fixtures.close();
await transcriber.close();
await redis.stop();
rmSync(dir, { recursive: true, force: true });
