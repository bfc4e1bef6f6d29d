// CPU per request of the Open API's order query inside one process (no HTTP, no Next): the route
// handler against the constant route (/api/health/live) as the baseline, and the database reads it
// makes, through Prisma and straight to the driver (lib/db-direct.ts). It shows where a request's
// time goes; bench/load.ts measures the same routes over HTTP under load.
//   NODE_ENV=production npx tsx --conditions=react-server bench/api-path.ts [--mode=sqlite|postgres] [--n=3000]
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { freshDatabase, seedAccount } from "./harness";

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const mode = arg("mode", "sqlite") as "sqlite" | "postgres";
const N = Number(arg("n", "3000"));

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-bench-api-path-"));
const database = await freshDatabase(
  mode,
  dir,
  process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres:postgres@127.0.0.1:5432/postgres",
);
process.env.DATABASE_URL = database.url;
process.env.AUTH_SECRET ??= "bench-secret-not-for-production-0123456789abcdef";
process.env.JOBS_EMBEDDED = "false";
const account = seedAccount(database.url, 100_000);

const { db } = await import("@/lib/db");
const { directRows } = await import("@/lib/db-direct");
const { createOrder } = await import("@/lib/orders/service");
const queryRoute = await import("@/app/api/open/v1/order/query/route");
const liveRoute = await import("@/app/api/health/live/route");

const teamId = (await db.membership.findFirstOrThrow({ where: { userId: account.userId } })).teamId;
const { orderNo } = await createOrder(
  { userId: account.userId, teamId },
  { orderType: "track-separation", stuff: { pathKey: "https://example.com/bench.mp3" } },
);
const queryUrl = `http://127.0.0.1/api/open/v1/order/query?orderNo=${orderNo}`;
const headers = { authorization: `Bearer ${account.key}` };

async function measure(fn: () => Promise<unknown>) {
  for (let i = 0; i < Math.min(300, N); i++) await fn();
  const t0 = process.hrtime.bigint();
  const c0 = process.cpuUsage();
  for (let i = 0; i < N; i++) await fn();
  const cpu = process.cpuUsage(c0);
  return { wallUs: Number(process.hrtime.bigint() - t0) / 1000 / N, cpuUs: (cpu.user + cpu.system) / N };
}

const rows: [string, () => Promise<unknown>][] = [
  ["constant route (baseline)", () => liveRoute.GET(new Request("http://127.0.0.1/api/health/live"))],
  ["order/query route", () => queryRoute.GET(new Request(queryUrl, { headers }))],
  ["order read, Prisma findFirst", () => db.order.findFirst({ where: { orderNo, teamId } })],
  ["order read, Prisma $queryRaw", () => db.$queryRaw`SELECT * FROM "Order" WHERE "orderNo" = ${orderNo}`],
  ["order read, direct", () => directRows(`SELECT * FROM "Order" WHERE "orderNo" = ?`, [orderNo])],
];
console.log(`mode ${mode}, ${N} calls each, load average ${os.loadavg()[0].toFixed(1)}`);
let baseline = 0;
for (const [name, fn] of rows) {
  const m = await measure(fn);
  baseline ||= m.cpuUs;
  console.log(
    `${name.padEnd(30)} cpu ${m.cpuUs.toFixed(0).padStart(6)} µs  wall ${m.wallUs.toFixed(0).padStart(6)} µs  ` +
      `cpu ratio to constant ${(baseline / m.cpuUs).toFixed(2)}×`,
  );
}
await database.drop();
process.exit(0);
