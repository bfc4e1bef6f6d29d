#!/usr/bin/env node
// First-load JavaScript per page, from the production build in .next, against a budget: the
// chunks every page loads (build-manifest rootMainFiles) plus every chunk the page's client
// reference manifest lists for its layouts and page (entryJSFiles), each counted once, gzipped
// here (zlib, level 9, what a server's static gzip sends). Prints a table of every page; exits 1
// when a page with a budget is over it. `node scripts/check-bundle.mjs [--json]`.
//
// A budget is where the page stands, so it cannot grow unnoticed; the goal beside it is issue #11's
// target (150 kB), and the first-load pages now meet it: budget = goal. Every page loads React and
// the Next router (about 129 kB) and the root layout (next-intl's client provider and Next's own
// client components: 6.6 kB); a signed-in page adds the app shell (server-rendered, with client
// islands for the phone menu, team switcher, nav's current mark, language and sign out: about 6 kB)
// before its own code. react-query (about 15 kB with its client) is not in the root layout: the
// segments that read through it wrap their pages in components/providers.tsx, while sign-in,
// dashboard, orders and New order read through components/data/use-polled-json.ts and submit
// through components/forms/use-action.ts. Lower a budget whenever a page gets lighter.
import fs from "node:fs";
import path from "node:path";
import vm from "node:vm";
import zlib from "node:zlib";

const KB = 1024;
/** Budgets in gzipped kB (1 kB = 1024 bytes) for the pages a new person opens first, and Studio. */
const BUDGETS = {
  "/signin": 150,
  "/dashboard": 150,
  "/orders": 150,
  "/orders/new": 150,
  "/studio/[id]": 200,
};
/** Issue #11's targets, printed beside the budgets. */
const GOALS = { "/signin": 150, "/dashboard": 150, "/orders": 150, "/orders/new": 150, "/studio/[id]": 200 };

const root = path.resolve(process.argv.find((a) => a.startsWith("--dir="))?.slice(6) ?? ".next");
const json = process.argv.includes("--json");

function fail(message) {
  console.error(`check-bundle: ${message}`);
  process.exit(2);
}

if (!fs.existsSync(path.join(root, "BUILD_ID"))) fail(`no production build in ${root} (run next build first)`);
const build = JSON.parse(fs.readFileSync(path.join(root, "build-manifest.json"), "utf8"));
const shared = build.rootMainFiles ?? [];

/** Every page's client reference manifest: server/app/<segments>/page_client-reference-manifest.js. */
function manifests(dir, out = []) {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) manifests(full, out);
    else if (entry.name === "page_client-reference-manifest.js") out.push(full);
  }
  return out;
}

/** The manifest is a script that assigns globalThis.__RSC_MANIFEST[page]; run it in a bare context. */
function readManifest(file) {
  const sandbox = { globalThis: {} };
  sandbox.globalThis = sandbox;
  vm.runInNewContext(fs.readFileSync(file, "utf8"), sandbox, { timeout: 1000 });
  const [page, manifest] = Object.entries(sandbox.__RSC_MANIFEST ?? {})[0] ?? [];
  if (!page) fail(`cannot read ${file}`);
  return { page, manifest };
}

/** "/(app)/orders/[orderNo]/page" → "/orders/[orderNo]": route groups are not in the URL. */
const routeOf = (page) =>
  page
    .replace(/\/page$/, "")
    .split("/")
    .filter((s) => s && !/^\(.*\)$/.test(s))
    .reduce((acc, s) => `${acc}/${s}`, "") || "/";

const gzipCache = new Map();
function gzipped(file) {
  let size = gzipCache.get(file);
  if (size === undefined) {
    const full = path.join(root, file.replace(/^\/?_next\//, ""));
    size = zlib.gzipSync(fs.readFileSync(full), { level: 9 }).length;
    gzipCache.set(file, size);
  }
  return size;
}

const appDir = path.join(root, "server", "app");
if (!fs.existsSync(appDir)) fail(`no ${appDir}`);
const rows = [];
for (const file of manifests(appDir)) {
  const { page, manifest } = readManifest(file);
  const route = routeOf(page);
  if (route.startsWith("/api") || route.startsWith("/_")) continue;
  const chunks = new Set(shared);
  for (const [entry, files] of Object.entries(manifest.entryJSFiles ?? {})) {
    // The app's own layouts and the page; Next's built-in global error page loads only on a crash.
    if (!entry.startsWith("[project]/app/")) continue;
    for (const f of files) chunks.add(f);
  }
  let bytes = 0;
  let largest = 0;
  for (const c of chunks) {
    const size = gzipped(c);
    bytes += size;
    largest = Math.max(largest, size);
  }
  const budget = BUDGETS[route];
  rows.push({
    route,
    kB: bytes / KB,
    chunks: chunks.size,
    largestKB: largest / KB,
    budget,
    goal: GOALS[route],
    over: budget !== undefined && bytes / KB > budget,
  });
}
rows.sort((a, b) => a.route.localeCompare(b.route));

const missing = Object.keys(BUDGETS).filter((r) => !rows.some((row) => row.route === r));
if (json) console.log(JSON.stringify({ rows, missing }, null, 2));
else {
  const pad = (s, n) => String(s).padEnd(n);
  const num = (n) => n.toFixed(1).padStart(7);
  console.log(
    `${pad("page", 28)} ${"first-load kB gz".padStart(16)} ${"budget".padStart(7)} ${"goal".padStart(5)}  chunks  largest kB`,
  );
  for (const r of rows) {
    const budget = r.budget === undefined ? "" : String(r.budget);
    const goal = r.goal === undefined ? "" : String(r.goal);
    const flag = r.over ? "  OVER" : r.budget !== undefined ? (r.kB > r.goal ? "  ok (over goal)" : "  ok") : "";
    console.log(
      `${pad(r.route, 28)} ${num(r.kB).padStart(16)} ${budget.padStart(7)} ${goal.padStart(5)}  ${String(r.chunks).padStart(6)}  ${num(r.largestKB)}${flag}`,
    );
  }
}
for (const r of missing) console.error(`check-bundle: no page ${r} in the build`);
const over = rows.filter((r) => r.over);
for (const r of over)
  console.error(`check-bundle: ${r.route} loads ${r.kB.toFixed(1)} kB gzipped, over its ${r.budget} kB budget`);
process.exit(over.length || missing.length ? 1 : 0);
