// Jobs per second with 1, 2 and 4 worker processes (scripts/worker.ts) in queue mode: BullMQ on a
// throwaway redis-server, orders in PostgreSQL (SQLite with --db=sqlite). Each worker runs one job
// at a time (JOBS_CONCURRENCY=1), so any scaling comes from the processes. Figures, not a test.
//
// --kind=io (default): I/O-bound orders. Each extract-text order downloads its input from a
//   loopback HTTP server that trickles the file over --trickle-ms (a slow source link), then waits
//   --upstream-ms on a loopback OpenAI-compatible transcriber (a hosted engine). The worker spends
//   most of an order waiting; the bench prints the workers' CPU seconds per order to show it.
//   Target (issue 13): N workers ≥ 0.8·N × one worker.
// --kind=cpu: extract-voice orders on the local DSP separation engine, input served at once: the
//   work is CPU, so on a 2-core machine it stops scaling at about 2 workers. For comparison only.
//
//   npx tsx --conditions=react-server bench/jobs-scaling.ts [--kind=io|cpu] [--workers=1,2,4]
//     [--jobs-per-worker=5] [--trickle-ms=4000] [--upstream-ms=3000] [--seconds=2] [--db=postgres|sqlite]
//     [--postgres=postgresql://…/postgres]
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { defaultAnswer, startFakeOpenAI } from "../test/helpers/fake-openai";
import { makeMix } from "../test/helpers/media";
import { startRedisServer } from "../test/helpers/redis";
import { freshDatabase, type Mode } from "./harness";

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const KIND = arg("kind", "io") as "io" | "cpu";
const COUNTS = arg("workers", "1,2,4").split(",").map(Number);
const PER_WORKER = Number(arg("jobs-per-worker", "5"));
const TRICKLE_MS = KIND === "io" ? Number(arg("trickle-ms", "4000")) : 0;
const UPSTREAM_MS = Number(arg("upstream-ms", "3000"));
const SECONDS = Number(arg("seconds", "2"));
const MODE = arg("db", "postgres") as Mode;
const POSTGRES = arg(
  "postgres",
  process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres:postgres@127.0.0.1:5432/postgres",
);

const root = path.resolve(import.meta.dirname, "..");
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-bench-jobs-"));
const load0 = os.loadavg();
const database = await freshDatabase(MODE, dir, POSTGRES);
const redis = await startRedisServer();
const transcriber = await startFakeOpenAI({ apiKey: "sk-bench" });
transcriber.respond = (req) => {
  const answer = defaultAnswer(req);
  return answer === "default" ? answer : { ...answer, delayMs: UPSTREAM_MS };
};
const input = fs.readFileSync(makeMix(path.join(dir, "talk.wav"), SECONDS));

/** A slow source: sends the file in 25 even pieces spread over TRICKLE_MS (0: all at once). */
const source = http.createServer((req, res) => {
  if (!req.url?.startsWith("/talk.wav")) return res.writeHead(404).end();
  res.writeHead(200, { "content-type": "audio/wav", "content-length": input.length });
  if (TRICKLE_MS <= 0) return res.end(input);
  const pieces = 25;
  const size = Math.ceil(input.length / pieces);
  let i = 0;
  const next = () => {
    if (res.destroyed) return;
    const chunk = input.subarray(i * size, (i + 1) * size);
    i++;
    if (i >= pieces) return res.end(chunk);
    res.write(chunk);
    setTimeout(next, TRICKLE_MS / (pieces - 1));
  };
  next();
});
await new Promise<void>((r) => source.listen(0, "127.0.0.1", r));
const sourceUrl = `http://127.0.0.1:${(source.address() as AddressInfo).port}/talk.wav`;

const common = {
  DATABASE_URL: database.url,
  DATA_DIR: path.join(dir, "data"),
  FETCH_ALLOW_HOSTS: "127.0.0.1",
  REDIS_URL: redis.url,
  TRANSCRIBE_ENGINES: "openai",
  TRANSCRIBE_BASE_URL: transcriber.baseUrl,
  TRANSCRIBE_API_KEY: "sk-bench",
  AUTH_SECRET: "bench-secret-0123456789abcdef0123456789",
};
Object.assign(process.env, common, { REDIS_PREFIX: "bench-setup" });

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
await grant({ userId: user.id, amount: 100_000_000, idempotencyKey: `bench:${user.id}` });
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

/** CPU seconds a process and its reaped children (ffmpeg) have used, from /proc/<pid>/stat. */
function cpuSeconds(pid: number): number {
  try {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    // utime, stime, cutime, cstime are fields 14–17 of stat, 12–15 after the "pid (comm) " cut.
    return fields.slice(11, 15).reduce((a, f) => a + Number(f), 0) / 100;
  } catch {
    return 0;
  }
}

/** Creates `n` orders and waits for all of them to finish; answers the wall time in seconds. */
async function runBatch(n: number): Promise<number> {
  const t0 = performance.now();
  const orderType = KIND === "io" ? "extract-text" : "extract-voice";
  const orderNos: string[] = [];
  for (let i = 0; i < n; i++)
    orderNos.push((await createOrder(actor, { orderType, stuff: { pathKey: `${sourceUrl}?${i}` } })).orderNo);
  for (;;) {
    const open = await db.order.count({
      where: { orderNo: { in: orderNos }, status: { in: ["pending", "processing"] } },
    });
    if (open === 0) break;
    await new Promise((r) => setTimeout(r, 25));
  }
  const seconds = (performance.now() - t0) / 1000;
  const failed = await db.order.findMany({
    where: { orderNo: { in: orderNos }, status: { not: "finish" } },
    select: { reason: true },
  });
  if (failed.length) throw new Error(`${failed.length} of ${n} orders did not finish: ${failed[0].reason}`);
  return seconds;
}

type Row = { workers: number; jobs: number; seconds: number; perSecond: number; cpuPerJob: number; load: number };
const results: Row[] = [];
for (const n of COUNTS) {
  const prefix = `bench${n}-${randomBytes(3).toString("hex")}`;
  process.env.REDIS_PREFIX = prefix;
  await closeQueues();
  const workers = await Promise.all(Array.from({ length: n }, () => startWorker(prefix)));
  // Warm-up: every worker loads the engine's modules once before the clock starts.
  await runBatch(n * 2);
  const jobs = n * PER_WORKER;
  const cpu0 = workers.reduce((a, w) => a + cpuSeconds(w.pid!), 0);
  const seconds = await runBatch(jobs);
  const cpu = workers.reduce((a, w) => a + cpuSeconds(w.pid!), 0) - cpu0;
  const row = { workers: n, jobs, seconds, perSecond: jobs / seconds, cpuPerJob: cpu / jobs, load: os.loadavg()[0] };
  results.push(row);
  for (const w of workers) w.kill("SIGTERM");
  await Promise.all(workers.map((w) => new Promise((r) => (w.exitCode !== null ? r(null) : w.once("exit", r)))));
  console.log(
    `${n} worker(s): ${jobs} jobs in ${seconds.toFixed(1)} s, workers' CPU ${row.cpuPerJob.toFixed(2)} s per job, load ${row.load.toFixed(2)}`,
  );
}

const one = results.find((r) => r.workers === 1)?.perSecond ?? results[0].perSecond;
const what =
  KIND === "io"
    ? `I/O-bound extract-text orders (${SECONDS} s input trickled over ${TRICKLE_MS} ms, upstream answers after ${UPSTREAM_MS} ms)`
    : `CPU-bound extract-voice orders (${SECONDS} s input, DSP separation)`;
console.log(`\njobs/s, ${what}; ${MODE}, one job at a time per worker, ${os.cpus().length} cores`);
console.log(
  `load average at start ${load0.map((l) => l.toFixed(2)).join(" ")}, at end ${os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" ")}`,
);
console.log("workers  jobs  seconds  jobs/s  ratio to 1  target (0.8·N)        CPU s/job  load");
for (const r of results) {
  const ratio = r.perSecond / one;
  const target = 0.8 * r.workers;
  console.log(
    `${String(r.workers).padStart(7)}  ${String(r.jobs).padStart(4)}  ${r.seconds.toFixed(1).padStart(7)}  ${r.perSecond.toFixed(3).padStart(6)}  ${ratio.toFixed(2).padStart(10)}  ${target.toFixed(1).padStart(13)} ${(ratio >= target ? "met" : "MISSED").padEnd(6)}  ${r.cpuPerJob.toFixed(2).padStart(9)}  ${r.load.toFixed(2).padStart(4)}`,
  );
}

await closeQueues();
await db.$disconnect();
await new Promise((r) => {
  source.closeAllConnections();
  source.close(r);
});
await transcriber.close();
await redis.stop();
await database.drop();
fs.rmSync(dir, { recursive: true, force: true });
