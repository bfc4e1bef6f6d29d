// Shared by the load and soak benches: throwaway databases (SQLite file or PostgreSQL database),
// production servers (`next start` of an existing build, one or more processes on one database),
// the seed (a user with credits, a team, an API key) and a loopback server for draft audio.
import { type ChildProcess, execFileSync, spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import net from "node:net";
import path from "node:path";
import pg from "pg";
import { migrateDatabase, quoteIdent, withDatabase } from "../scripts/db-migrate";

export const AUTH_SECRET = "bench-secret-not-for-production-0123456789abcdef";

export type Mode = "sqlite" | "postgres";

export type Database = { url: string; drop(): Promise<void> };

/** A migrated database for one bench run. */
export async function freshDatabase(mode: Mode, dir: string, postgresAdminUrl: string): Promise<Database> {
  const id = randomBytes(4).toString("hex");
  if (mode === "sqlite") {
    const url = `file:${path.join(dir, `bench-${id}.db`)}`;
    await migrateDatabase(url, { quiet: true });
    return { url, drop: async () => {} };
  }
  const name = `mx_bench_${id}`;
  const admin = new pg.Client({ connectionString: postgresAdminUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${quoteIdent(name)}`);
  await admin.end();
  const url = withDatabase(postgresAdminUrl, name);
  await migrateDatabase(url, { quiet: true });
  return {
    url,
    drop: async () => {
      const c = new pg.Client({ connectionString: postgresAdminUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
      await c.end();
    },
  };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

export type Server = { baseUrl: string; pid: number; child: ChildProcess; stop(): Promise<void> };

/**
 * The production server of the build in `appDir` (`npm start`'s, else `next start`) on a free port.
 * `nodeArgs` (e.g. --cpu-prof) go to the Node process that runs the server: with them, `npm start`'s
 * server is run as `node <nodeArgs> --import tsx` rather than through tsx's CLI (a second process).
 */
export async function startServer(
  appDir: string,
  env: Record<string, string>,
  nodeArgs: string[] = [],
): Promise<Server> {
  if (!fs.existsSync(path.join(appDir, ".next/BUILD_ID"))) throw new Error(`no production build in ${appDir}/.next`);
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  // `npm start`'s server (scripts/server.ts, with the fast lane) where the checkout has one; an
  // older checkout (a before/after comparison) is started the way it was then, with `next start`.
  const custom = fs.existsSync(path.join(appDir, "scripts/server.ts"));
  const command = !custom
    ? [...nodeArgs, path.join(appDir, "node_modules/next/dist/bin/next"), "start"]
    : nodeArgs.length
      ? [...nodeArgs, "--import", "tsx", "--conditions=react-server", "scripts/server.ts"]
      : [path.join(appDir, "node_modules/tsx/dist/cli.mjs"), "--conditions=react-server", "scripts/server.ts"];
  const child = spawn(process.execPath, [...command, "-p", String(port), "-H", "127.0.0.1"], {
    cwd: appDir,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      NODE_ENV: "production",
      AUTH_SECRET,
      NEXTAUTH_URL: baseUrl,
      PUBLIC_BASE_URL: baseUrl,
      NEXT_TELEMETRY_DISABLED: "1",
      ...env,
    },
  });
  let output = "";
  const keep = (b: Buffer) => {
    output = (output + b.toString()).slice(-10_000);
  };
  child.stdout!.on("data", keep);
  child.stderr!.on("data", keep);
  let exited = false;
  const gone = new Promise<void>((r) =>
    child.once("exit", () => {
      exited = true;
      r();
    }),
  );
  const kill = (signal: NodeJS.Signals) => {
    try {
      process.kill(-child.pid!, signal);
    } catch {
      /* already gone */
    }
  };
  process.once("exit", () => kill("SIGKILL"));
  const stop = async () => {
    if (exited) return;
    kill("SIGTERM");
    const t = setTimeout(() => kill("SIGKILL"), 5_000);
    await gone;
    clearTimeout(t);
  };
  const deadline = Date.now() + 60_000;
  while (!exited && Date.now() < deadline) {
    try {
      const res = await fetch(`${baseUrl}/api/health`, { signal: AbortSignal.timeout(5_000) });
      if (res.ok) return { baseUrl, pid: child.pid!, child, stop };
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  await stop();
  throw new Error(`next start in ${appDir} did not become ready:\n${output}`);
}

/** A user with `credits`, their own team and an API key, made by the services (a child process:
 * lib/db binds to one DATABASE_URL per process). */
export function seedAccount(
  databaseUrl: string,
  credits: number,
): { key: string; userId: string; email: string; password: string } {
  const out = execFileSync(
    process.execPath,
    [
      "--conditions=react-server",
      "--import",
      "tsx",
      path.join(import.meta.dirname, "seed-account.ts"),
      String(credits),
    ],
    { env: { ...process.env, DATABASE_URL: databaseUrl }, encoding: "utf8", cwd: path.join(import.meta.dirname, "..") },
  );
  return JSON.parse(out.trim().split("\n").at(-1)!);
}

export async function api(base: string, key: string, method: string, p: string, body?: unknown) {
  const res = await fetch(base + p, {
    method,
    headers: { authorization: `Bearer ${key}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (!res.ok) throw new Error(`${method} ${p}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** add_audios' audio_infos: one second of the loopback tone at `start` µs. */
export const clipOf = (url: string, start: number) =>
  JSON.stringify([{ audio_url: url, start, end: start + 1_000_000, duration: 20_000_000 }]);

/** Orders to poll and drafts (each already holding the clip's material) to read and write. */
export async function seedWork(base: string, key: string, toneUrl: string, orders = 200, draftCount = 64) {
  const orderNos: string[] = [];
  for (let i = 0; i < orders; i++) {
    const out = await api(base, key, "POST", "/api/open/v1/order/create", {
      orderType: "track-separation",
      stuff: { pathKey: `https://example.com/seed-${i}.mp3` },
    });
    orderNos.push((out.data as { orderNo: string }).orderNo);
  }
  const drafts: string[] = [];
  for (let i = 0; i < draftCount; i++) {
    const { draft_url } = (await api(base, key, "POST", "/v1/create_draft", { width: 1920, height: 1080 })) as {
      draft_url: string;
    };
    await api(base, key, "POST", "/v1/add_audios", { draft_url, audio_infos: clipOf(toneUrl, 0) });
    drafts.push(draft_url);
  }
  return { orderNos, drafts };
}

/** Serves one short MP3 (made by ffmpeg) on loopback, for add_audios. */
export async function serveTone(dir: string): Promise<{ url: string; close(): Promise<void> }> {
  const file = path.join(dir, "tone.mp3");
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=440:duration=20",
    "-c:a",
    "libmp3lame",
    "-b:a",
    "64k",
    file,
  ]);
  const body = fs.readFileSync(file);
  const server = http.createServer((_req, res) => {
    res.writeHead(200, { "content-type": "audio/mpeg", "content-length": body.length });
    res.end(body);
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/tone.mp3`,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}

/** Resident and heap figures of a process and its children, from /proc (Linux). */
export function processTree(pid: number): number[] {
  const all: number[] = [pid];
  for (let i = 0; i < all.length; i++) {
    try {
      const kids = fs.readFileSync(`/proc/${all[i]}/task/${all[i]}/children`, "utf8").trim();
      if (kids) all.push(...kids.split(/\s+/).map(Number));
    } catch {
      /* gone */
    }
  }
  return all;
}

/** CPU time a process has used so far, in microseconds (user and system), from /proc (Linux). */
export function cpuMicros(pid: number): { user: number; system: number } {
  try {
    // The fields after the command's closing parenthesis: utime and stime are the 12th and 13th.
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return { user: (Number(fields[11]) * 1e6) / CLOCK_TICKS, system: (Number(fields[12]) * 1e6) / CLOCK_TICKS };
  } catch {
    return { user: 0, system: 0 };
  }
}
// USER_HZ: 100 on every Linux this runs on (getconf CLK_TCK).
const CLOCK_TICKS = 100;

export function rssMb(pid: number): number {
  try {
    const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kb / 1024;
  } catch {
    return 0;
  }
}

/**
 * A process's open descriptors counted by kind: "socket", "pipe", "anon_inode:[eventfd]"… as the
 * kernel names them, a file by its path (so a soak can say what a growing count was made of).
 */
export function fdKinds(pid: number): Record<string, number> {
  const kinds: Record<string, number> = {};
  let fds: string[];
  try {
    fds = fs.readdirSync(`/proc/${pid}/fd`);
  } catch {
    return kinds;
  }
  for (const fd of fds) {
    let target: string;
    try {
      target = fs.readlinkSync(`/proc/${pid}/fd/${fd}`);
    } catch {
      continue; // closed between the listing and the read
    }
    // Files named alike count together: ids (32 hex) become *, an atomic write's temporary suffix
    // (.<pid>.<random>) is dropped.
    const kind =
      /^(socket|pipe):/.exec(target)?.[1] ??
      target.replace(/[0-9a-f]{32}/g, "*").replace(/\.\d+\.[0-9a-z]+$/, " (temporary)");
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  }
  return kinds;
}
