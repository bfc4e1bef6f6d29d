// Soak bench (issue #13): a steady mix of API and browser load for --minutes (30 by default) on the
// production build, sampling every --every seconds each web process's resident memory, its open
// handles (file descriptors) and the database connections (and Chromium's memory, reported only: it
// is the load, not the system under test), then judging the run: after warm-up
// (the first fifth, at least a minute) memory stays within ±10 % of its post-warm-up level (median
// of the last third against the first third), there are
// 0 errors (every answer 2xx, no failed page in the browser), and handles and connections do not grow
// (neither the floor nor the median of the last third above the first third's). The handles are
// also counted by kind, and the kinds whose count moved are printed with the verdict.
//   npx tsx --conditions=react-server bench/soak.ts [--minutes=30] [--mode=sqlite|postgres]
//     [--app=DIR] [--connections=8] [--browser-pages=2] [--every=10] [--postgres=postgresql://…/postgres]
// The load: autocannon on the Open API's order query and create, the draft API's get_draft and
// add_audios, and the signed-in JSON the pages use (/api/me, /api/orders), one request of each in
// turn per connection; and real Chromium (/usr/bin/chromium, bench/soak-browser.ts) signed in as the
// same account, walking the app's pages. Postgres mode runs two web processes on one database.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import pg from "pg";
import { Client } from "../test/http/client";
import { startBrowserLoad } from "./soak-browser";
import {
  clipOf,
  freshDatabase,
  type Mode,
  fdKinds,
  processTree,
  rssMb,
  type Server,
  seedAccount,
  seedWork,
  serveTone,
  startServer,
} from "./harness";

const arg = (name: string, fallback: string) =>
  process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? fallback;
const APP = arg("app", path.join(import.meta.dirname, ".."));
const MODE = arg("mode", "sqlite") as Mode;
const MINUTES = Number(arg("minutes", "30"));
const CONNECTIONS = Number(arg("connections", "8"));
const EVERY = Number(arg("every", "10"));
const BROWSER_PAGES = Number(arg("browser-pages", "2"));
const POSTGRES = arg(
  "postgres",
  process.env.BENCH_POSTGRES_URL ?? "postgresql://postgres:postgres@127.0.0.1:5432/postgres",
);

type Sample = {
  t: number;
  pid: number;
  rssMb: number;
  fds: number;
  /** The descriptors by kind (fdKinds), summed over the process tree. */
  kinds: Record<string, number>;
  dbConnections: number;
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-bench-soak-"));
const tone = await serveTone(dir);
const database = await freshDatabase(MODE, dir, POSTGRES);
const servers: Server[] = [];
const probeFile = path.join(dir, "probe.jsonl");
type Probe = { pid: number; at: number; rss: number; heapUsed: number; heapTotal: number; external: number };

/** Connections this process holds to the database: PostgreSQL backends of its pid's sockets are
 * not attributable from outside, so PostgreSQL counts the database's backends (all processes);
 * SQLite counts this process's descriptors on the database file and its WAL. */
async function dbConnections(pid: number): Promise<number> {
  if (MODE === "postgres") {
    const c = new pg.Client({ connectionString: database.url });
    await c.connect();
    const r = await c.query("SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()");
    await c.end();
    return (r.rows[0].n as number) - 1; // not this query's own
  }
  const file = new URL(database.url.replace(/^file:/, "file://")).pathname;
  let n = 0;
  for (const p of processTree(pid)) {
    try {
      for (const fd of fs.readdirSync(`/proc/${p}/fd`)) {
        const target = fs.readlinkSync(`/proc/${p}/fd/${fd}`);
        if (target === file) n++;
      }
    } catch {
      /* gone */
    }
  }
  return n;
}

/** Chromium's processes: this process's descendants named chrom*. */
function chromiumPids(): number[] {
  return processTree(process.pid).filter((p) => {
    try {
      return fs.readFileSync(`/proc/${p}/comm`, "utf8").startsWith("chrom");
    } catch {
      return false;
    }
  });
}

async function sample(t: number): Promise<Sample[]> {
  const out: Sample[] = [];
  for (const s of servers) {
    const tree = processTree(s.pid);
    // One read of each process's descriptors gives both the count and its kinds.
    const kinds = tree.map(fdKinds).reduce<Record<string, number>>((a, k) => {
      for (const [kind, n] of Object.entries(k)) a[kind] = (a[kind] ?? 0) + n;
      return a;
    }, {});
    out.push({
      t,
      pid: s.pid,
      rssMb: tree.reduce((a, p) => a + rssMb(p), 0),
      fds: Object.values(kinds).reduce((a, n) => a + n, 0),
      kinds,
      dbConnections: await dbConnections(s.pid),
    });
  }
  return out;
}

try {
  const env = {
    DATABASE_URL: database.url,
    DATA_DIR: path.join(dir, "data"),
    JOBS_EMBEDDED: "false",
    FETCH_ALLOW_HOSTS: "127.0.0.1",
    // Each process reports its own heap split (bench/soak-probe.cjs).
    NODE_OPTIONS: `--require ${path.join(import.meta.dirname, "soak-probe.cjs")}`,
    SOAK_PROBE_FILE: probeFile,
  };
  for (let i = 0; i < (MODE === "postgres" ? 2 : 1); i++) servers.push(await startServer(APP, env));
  const account = seedAccount(database.url, 100_000_000);
  const { orderNos, drafts } = await seedWork(servers[0].baseUrl, account.key, tone.url, 100, 16);
  const browser = new Client(servers[0].baseUrl);
  const signInError = await browser.signIn(account.email, account.password);
  if (signInError) throw new Error(`sign-in failed: ${signInError}`);
  const cookie = browser.cookieHeader();

  const auth = { authorization: `Bearer ${account.key}` };
  const json = { ...auth, "content-type": "application/json" };
  // One endless round of the mix per connection (autocannon cycles through the list).
  const round = (i: number): autocannon.Request[] => [
    { method: "GET", path: `/api/open/v1/order/query?orderNo=${orderNos[i % orderNos.length]}`, headers: auth },
    {
      method: "POST",
      path: "/api/open/v1/order/create",
      headers: json,
      body: JSON.stringify({ orderType: "track-separation", stuff: { pathKey: `https://example.com/soak-${i}.mp3` } }),
    },
    { method: "GET", path: `/v1/get_draft?draft_url=${encodeURIComponent(drafts[i % drafts.length])}`, headers: auth },
    {
      method: "POST",
      path: "/v1/add_audios",
      headers: json,
      // Back at the start after 40 clips: a draft's timeline stays a realistic size.
      body: JSON.stringify({
        draft_url: drafts[i % drafts.length],
        audio_infos: clipOf(tone.url, (i % 40) * 1_000_000),
      }),
    },
    { method: "GET", path: "/api/me", headers: { cookie } },
    { method: "GET", path: "/api/orders?page=1&pageSize=20", headers: { cookie } },
  ];
  const requests = Array.from({ length: 50 }, (_, i) => round(i)).flat();

  const seconds = Math.round(MINUTES * 60);
  const browserLoad =
    BROWSER_PAGES > 0
      ? await startBrowserLoad({
          baseUrl: servers[0].baseUrl,
          cookie,
          pages: BROWSER_PAGES,
          paths: ["/dashboard", "/orders", `/orders/${orderNos[0]}`, "/drafts", "/files", "/credits"],
        })
      : null;
  const started = Date.now();
  const samples: Sample[] = [];
  const runs = servers.map((s) =>
    autocannon({
      url: s.baseUrl,
      connections: Math.max(1, Math.floor(CONNECTIONS / servers.length)),
      duration: seconds,
      requests,
    }),
  );
  console.log(`soak: ${MINUTES} min, ${MODE}, ${servers.length} web process(es), ${CONNECTIONS} connections`);
  console.log(
    `load average at start ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );
  console.log("  t s     pid    RSS MB   handles  db conns   | chromium RSS MB  page views  load");
  const chromium: { t: number; rssMb: number }[] = [];
  const timer = setInterval(async () => {
    const t = Math.round((Date.now() - started) / 1000);
    const browserMb = chromiumPids().reduce((a, p) => a + rssMb(p), 0);
    chromium.push({ t, rssMb: browserMb });
    for (const s of await sample(t)) {
      samples.push(s);
      console.log(
        `${String(s.t).padStart(5)} ${String(s.pid).padStart(7)} ${s.rssMb.toFixed(1).padStart(9)} ${String(s.fds).padStart(9)} ${String(s.dbConnections).padStart(9)}   | ${browserMb.toFixed(0).padStart(15)} ${String(browserLoad?.views ?? 0).padStart(11)} ${os.loadavg()[0].toFixed(2).padStart(5)}`,
      );
    }
  }, EVERY * 1000);
  const results = await Promise.all(runs);
  clearInterval(timer);
  await browserLoad?.stop();

  const total = results.reduce((a, r) => a + r.requests.total, 0);
  // autocannon's `errors` already includes its timeouts.
  const errors = results.reduce((a, r) => a + r.errors, 0);
  const timeouts = results.reduce((a, r) => a + r.timeouts, 0);
  const non2xx = results.reduce((a, r) => a + r.non2xx, 0);
  const rps = results.reduce((a, r) => a + r.requests.average, 0);
  const p99 = Math.max(...results.map((r) => r.latency.p99));
  console.log(
    `\nrequests ${total} (${rps.toFixed(0)}/s), p99 ${p99} ms, errors ${errors} (of which timeouts ${timeouts}), non-2xx ${non2xx}`,
  );
  if (browserLoad) {
    console.log(`browser: ${browserLoad.views} page views, ${browserLoad.errors} errors`);
    for (const e of browserLoad.lastErrors) console.log(`  ${e}`);
    const after = chromium.filter((x) => x.t >= Math.max(60, seconds / 5));
    if (after.length >= 2)
      console.log(
        `chromium (the load, not judged): RSS ${after[0].rssMb.toFixed(0)} → ${after.at(-1)!.rssMb.toFixed(0)} MB`,
      );
  }
  console.log(
    `load average at end ${os
      .loadavg()
      .map((l) => l.toFixed(2))
      .join(" ")}`,
  );

  const warm = Math.max(60, seconds / 5);
  let ok = errors === 0 && non2xx === 0 && (browserLoad?.errors ?? 0) === 0;
  for (const s of servers) {
    const after = samples.filter((x) => x.pid === s.pid && x.t >= warm);
    if (after.length < 2) {
      console.log(`pid ${s.pid}: too few samples after the ${warm} s warm-up to judge`);
      continue;
    }
    const base = after[0];
    const worst = Math.max(...after.map((x) => Math.abs(x.rssMb / base.rssMb - 1)));
    const last = after.at(-1)!;
    // Growth of a count (handles, connections) = how much the last third's floor and median rose over
    // the first third's. A leak raises the floor: a handle that is never closed is counted in every
    // later sample. Peaks are not compared: the count moves with the sockets in flight at the instant
    // of the sample, so one burst would read as growth (a single sample of 78 against a first-third
    // peak of 75 once failed a run whose floor and median were the same in both thirds).
    const third = Math.max(1, Math.floor(after.length / 3));
    const countGrowth = (f: (x: Sample) => number) => {
      const stats = (xs: Sample[]) => {
        const v = xs.map(f).sort((a, b) => a - b);
        return { floor: v[0], median: v[Math.floor(v.length / 2)], peak: v.at(-1)! };
      };
      const a = stats(after.slice(0, third));
      const b = stats(after.slice(-third));
      return {
        growth: Math.max(b.floor - a.floor, b.median - a.median),
        moved: a.floor !== b.floor || a.median !== b.median || a.peak !== b.peak,
        text: `floor ${a.floor} → ${b.floor}, median ${a.median} → ${b.median}, peak ${a.peak} → ${b.peak}`,
      };
    };
    const fd = countGrowth((x) => x.fds);
    const conn = countGrowth((x) => x.dbConnections);
    const fdGrowth = fd.growth;
    const connGrowth = conn.growth;
    // Judged on the trend, not on one sample: the median of the last third against the median of
    // the first third after warm-up (a GC cycle or a burst of sockets moves single samples).
    const median = (xs: Sample[]) => {
      const v = xs.map((x) => x.rssMb).sort((a, b) => a - b);
      return v[Math.floor(v.length / 2)];
    };
    const early = median(after.slice(0, third));
    const late = median(after.slice(-third));
    const drift = late / early - 1;
    const flat = Math.abs(drift) <= 0.1;
    console.log(
      `pid ${s.pid}: RSS ${base.rssMb.toFixed(0)} → ${last.rssMb.toFixed(0)} MB (median ${early.toFixed(0)} → ${late.toFixed(0)} MB, ${(drift * 100).toFixed(1)} %: ${flat ? "flat" : "NOT flat"}; worst single sample ${(worst * 100).toFixed(1)} % off), handles ${base.fds} → ${last.fds} (${fd.text}: growth ${fdGrowth}), db connections ${base.dbConnections} → ${last.dbConnections} (${conn.text}: growth ${connGrowth})`,
    );
    // What the handles were: each kind's floor and median over the two thirds, for the kinds whose
    // count moved (sockets move with the requests in flight; a file or pipe that keeps rising is a
    // leak of its own).
    const kindNames = [...new Set(after.flatMap((x) => Object.keys(x.kinds)))].sort();
    const moved = kindNames.map((k) => ({ k, g: countGrowth((x) => x.kinds[k] ?? 0) })).filter(({ g }) => g.moved);
    console.log(
      `pid ${s.pid}: handles by kind (${kindNames.length} kinds), those that moved: ${
        moved.map(({ k, g }) => `${k} ${g.text}`).join("; ") || "none"
      }`,
    );
    ok &&= flat && fdGrowth <= 0 && connGrowth <= 0;
  }
  // The heap split each web process reported about itself: a heap that keeps growing is a leak in
  // JavaScript (caches, listeners); a flat heap under growing RSS is the allocator or code space.
  const probes = fs.existsSync(probeFile)
    ? fs
        .readFileSync(probeFile, "utf8")
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Probe)
    : [];
  const mb = (n: number) => (n / 1048576).toFixed(0);
  for (const pid of new Set(probes.map((p) => p.pid))) {
    const mine = probes.filter((p) => p.pid === pid && p.at >= started + warm * 1000);
    if (mine.length < 2) continue;
    const [a, b] = [mine[0], mine.at(-1)!];
    console.log(
      `pid ${pid} (own report): heap used ${mb(a.heapUsed)} → ${mb(b.heapUsed)} MB (peak ${mb(Math.max(...mine.map((p) => p.heapUsed)))}), heap total ${mb(a.heapTotal)} → ${mb(b.heapTotal)} MB, external ${mb(a.external)} → ${mb(b.external)} MB, RSS ${mb(a.rss)} → ${mb(b.rss)} MB`,
    );
  }
  console.log(ok ? "soak: PASS" : "soak: FAIL");
  process.exitCode = ok ? 0 : 1;
} finally {
  await Promise.all(servers.map((s) => s.stop()));
  await database.drop();
  await tone.close();
  fs.rmSync(dir, { recursive: true, force: true });
}
// Playwright's driver and autocannon's agents can keep the loop alive after the run.
process.exit();
