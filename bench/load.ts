// Load bench of the API hot paths (issue #13's load suite; figures, not a timed test). Starts the
// production build of each --app directory itself, on a throwaway database, seeds a user with
// credits, a team and an API key, then runs autocannon (64 connections, --seconds each, after a
// warm-up) against:
//   constant      GET /api/health/live (the route factory, no database): the yardstick
//   order/query   GET /api/open/v1/order/query on pending orders (an API client's polling)
//   order/create  POST /api/open/v1/order/create (holds credits: a write transaction)
//   get_draft     GET /v1/get_draft (the draft API's read)
//   add_audios    POST /v1/add_audios of a known clip onto one of 64 drafts (its write)
// and prints req/s, p50/p99 and each route's ratio to the constant route of the same run, with the
// CPU time per request of the web processes (/proc) and of autocannon (this process): on a machine
// where both share the cores, a route the client cannot drive faster shows it there. The
// routes take turns for --rounds rounds (3 by default: constant, query, …, constant, query, …) and
// each figure is the median of its rounds, so a slow minute on a shared machine falls on every
// route alike instead of on whichever ran then.
// Modes: sqlite (one `npm start` server) and postgres (two on one database, the
// connections split between them). The target (issue #13): order/query ≥ 0.6× constant, p99 ≤ 50 ms.
//   npx tsx --conditions=react-server bench/load.ts [--app=DIR[,DIR2]] [--mode=sqlite,postgres]
//     [--seconds=10] [--connections=64] [--postgres=postgresql://…/postgres] [--lane=fast,next]
//     [--routes=order/query,…] [--rounds=3] [--cpu-prof=DIR]
// --app defaults to this checkout (it needs a build in .next); give two (e.g. main's checkout and
// this one) to compare before/after in one session. The machine's noise cancels in the ratios.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import {
  clipOf,
  cpuMicros,
  type Database,
  freshDatabase,
  type Mode,
  processTree,
  type Server,
  seedAccount,
  seedWork,
  serveTone,
  startServer,
} from "./harness";

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const APPS = arg("app", path.join(import.meta.dirname, "..")).split(",");
const MODES = arg("mode", "sqlite,postgres").split(",") as Mode[];
const SECONDS = Number(arg("seconds", "10"));
const CONNECTIONS = Number(arg("connections", "64"));
const ROUNDS = Math.max(1, Number(arg("rounds", "3")));
// `fast` (default): as `npm start` serves, with the fast lane; `next`: FAST_LANE=false, every route
// through Next's pipeline (what `next start` does). Both: --lane=fast,next.
const LANES = arg("lane", "fast").split(",") as ("fast" | "next")[];
// --routes=constant,order/query runs only those (the constant route is always run: the yardstick).
const ROUTES = arg("routes", "").split(",").filter(Boolean);
// --cpu-prof=DIR: each web process writes a V8 CPU profile there when it stops (Chrome DevTools).
const CPU_PROF = arg("cpu-prof", "");
const POSTGRES = arg(
  "postgres",
  process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres:postgres@127.0.0.1:5432/postgres",
);

type Figures = {
  route: string;
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
  /** CPU time per request of the web processes (all of them; and of it in the kernel: the loopback
   * sockets' work is done by the sending process) and of this process (autocannon). */
  serverUs: number;
  serverSysUs: number;
  clientUs: number;
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-bench-load-"));
const tone = await serveTone(dir);

type Target = { route: string; requests: (i: number) => autocannon.Request };

function targets(key: string, orderNos: string[], drafts: string[]): Target[] {
  const auth = { authorization: `Bearer ${key}` };
  const json = { ...auth, "content-type": "application/json" };
  return [
    { route: "constant", requests: () => ({ method: "GET", path: "/api/health/live" }) },
    {
      route: "order/query",
      requests: (i) => ({
        method: "GET",
        path: `/api/open/v1/order/query?orderNo=${orderNos[i % orderNos.length]}`,
        headers: auth,
      }),
    },
    {
      route: "order/create",
      requests: (i) => ({
        method: "POST",
        path: "/api/open/v1/order/create",
        headers: json,
        body: JSON.stringify({
          orderType: "track-separation",
          stuff: { pathKey: `https://example.com/load-${i}.mp3` },
        }),
      }),
    },
    {
      route: "get_draft",
      requests: (i) => ({
        method: "GET",
        path: `/v1/get_draft?draft_url=${encodeURIComponent(drafts[i % drafts.length])}`,
        headers: auth,
      }),
    },
    {
      route: "add_audios",
      requests: (i) => ({
        method: "POST",
        path: "/v1/add_audios",
        headers: json,
        body: JSON.stringify({
          draft_url: drafts[i % drafts.length],
          audio_infos: clipOf(tone.url, 1_000_000 * (1 + (i % 50))),
        }),
      }),
    },
  ];
}

/** One autocannon instance per server, the connections split between them; figures merged. */
async function hit(servers: Server[], target: Target, seconds: number): Promise<Figures> {
  const per = Math.max(1, Math.floor(CONNECTIONS / servers.length));
  const serverCpu = () =>
    servers
      .flatMap((s) => processTree(s.pid))
      .map(cpuMicros)
      .reduce((a, c) => ({ user: a.user + c.user, system: a.system + c.system }), { user: 0, system: 0 });
  const server0 = serverCpu();
  const client0 = process.cpuUsage();
  const results = await Promise.all(
    servers.map((s, n) => {
      // Each connection takes the next request of a shared, endless sequence.
      const pool = Array.from({ length: 500 }, (_, i) => target.requests(i * servers.length + n));
      return autocannon({ url: s.baseUrl, connections: per, duration: seconds, requests: pool });
    }),
  );
  const client = process.cpuUsage(client0);
  const server1 = serverCpu();
  const rps = results.reduce((a, r) => a + r.requests.average, 0);
  const requests = Math.max(
    1,
    results.reduce((a, r) => a + r.requests.total, 0),
  );
  return {
    route: target.route,
    rps,
    // Percentiles of the split run: the worse of the servers' (a conservative merge).
    p50: Math.max(...results.map((r) => r.latency.p50)),
    p99: Math.max(...results.map((r) => r.latency.p99)),
    errors: results.reduce((a, r) => a + r.errors + r.timeouts, 0),
    non2xx: results.reduce((a, r) => a + r.non2xx, 0),
    serverUs: (server1.user + server1.system - server0.user - server0.system) / requests,
    serverSysUs: (server1.system - server0.system) / requests,
    clientUs: (client.user + client.system) / requests,
  };
}

async function runApp(app: string, mode: Mode, lane: "fast" | "next"): Promise<Figures[]> {
  let database: Database | null = null;
  const servers: Server[] = [];
  try {
    database = await freshDatabase(mode, dir, POSTGRES);
    const dataDir = path.join(dir, `data-${path.basename(app)}-${mode}`);
    const env = {
      DATABASE_URL: database.url,
      DATA_DIR: dataDir,
      // Orders stay pending: the bench measures the API, not the engines.
      JOBS_EMBEDDED: "false",
      FETCH_ALLOW_HOSTS: "127.0.0.1",
      FAST_LANE: String(lane === "fast"),
    };
    const processes = mode === "postgres" ? 2 : 1;
    for (let i = 0; i < processes; i++)
      servers.push(
        await startServer(app, env, CPU_PROF ? ["--cpu-prof", `--cpu-prof-dir=${path.resolve(CPU_PROF)}`] : []),
      );
    const { key } = seedAccount(database.url, 100_000_000);
    const { orderNos, drafts } = await seedWork(servers[0].baseUrl, key, tone.url);
    const out: Figures[] = [];
    const chosen = targets(key, orderNos, drafts).filter(
      (t) => !ROUTES.length || t.route === "constant" || ROUTES.includes(t.route),
    );
    for (const target of chosen) await hit(servers, target, 2); // warm-up: JIT, route modules, pools
    const rounds: Figures[][] = chosen.map(() => []);
    for (let r = 0; r < ROUNDS; r++) {
      for (const [i, target] of chosen.entries()) rounds[i].push(await hit(servers, target, SECONDS));
    }
    for (const runs of rounds) out.push(medianOf(runs));
    return out;
  } finally {
    await Promise.all(servers.map((s) => s.stop()));
    await database?.drop();
  }
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

/** A route's figures over its rounds: each the median; errors summed. */
const medianOf = (runs: Figures[]): Figures => ({
  route: runs[0].route,
  rps: median(runs.map((f) => f.rps)),
  p50: median(runs.map((f) => f.p50)),
  p99: median(runs.map((f) => f.p99)),
  errors: runs.reduce((a, f) => a + f.errors, 0),
  non2xx: runs.reduce((a, f) => a + f.non2xx, 0),
  serverUs: median(runs.map((f) => f.serverUs)),
  serverSysUs: median(runs.map((f) => f.serverSysUs)),
  clientUs: median(runs.map((f) => f.clientUs)),
});

const fmt = (n: number, width: number, digits = 0) => n.toFixed(digits).padStart(width);

function print(app: string, mode: Mode, lane: string, figures: Figures[]) {
  const constant = figures.find((f) => f.route === "constant")!.rps;
  const servers = mode === "postgres" ? "PostgreSQL, 2 web processes" : "SQLite, 1 web process";
  console.log(
    `\n${app} — ${servers}, ${lane} lane, ${CONNECTIONS} connections, ${SECONDS} s each, median of ${ROUNDS} rounds`,
  );
  console.log("route           req/s   p50 ms   p99 ms   ratio   errors  non-2xx  server µs/req (sys)  client µs/req");
  for (const f of figures) {
    console.log(
      `${f.route.padEnd(13)} ${fmt(f.rps, 7)} ${fmt(f.p50, 8)} ${fmt(f.p99, 8)} ${fmt(f.rps / constant, 7, 2)} ${fmt(f.errors, 8)} ${fmt(f.non2xx, 8)} ${fmt(f.serverUs, 13)} ${`(${fmt(f.serverSysUs, 0)})`.padEnd(6)} ${fmt(f.clientUs, 14)}`,
    );
  }
}

try {
  for (const mode of MODES) {
    for (const app of APPS) for (const lane of LANES) print(app, mode, lane, await runApp(app, mode, lane));
  }
} finally {
  await tone.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
