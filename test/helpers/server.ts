// Starts the production build as `npm start` serves it (scripts/server.ts: Next.js plus the fast
// lane, on the existing .next) on a free loopback port with its own fresh database, for integration
// tests that speak HTTP. Run `npm run build` first.
import { spawn, type ChildProcess } from "node:child_process";
import crypto from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import path from "node:path";
import { freshDatabase } from "./db";
import { type TestBucket, testBucket } from "./s3";
import { repoRoot } from "./test-run";

export const TEST_AUTH_SECRET = "test-secret-for-integration-tests-only-0123456789";

export type TestServer = {
  baseUrl: string;
  databaseUrl: string;
  pid: number;
  /** TEST_STORAGE=s3: the server's STORAGE=s3 settings (its own bucket); undefined with local storage. */
  s3?: Record<string, string>;
  stop(): Promise<void>;
};

/** TEST_STORAGE=s3 runs every HTTP suite with its files in a bucket (test/helpers/s3.ts). */
export const testStorage = () => (process.env.TEST_STORAGE === "s3" ? "s3" : "local");

export type StartServerOptions = {
  /** Use this database instead of a fresh one. */
  databaseUrl?: string;
  /** Extra environment for the server (e.g. lower sign-in limits). */
  env?: Record<string, string>;
  timeoutMs?: number;
};

/** The scaled-mode stage (TEST_SCALED=1 with TEST_REDIS_URL) runs each server's jobs through
 * BullMQ, under a key prefix of its own: servers have their own databases, and a worker must never
 * take a job for an order in another server's database. */
function queueModeEnv(): Record<string, string> {
  if (process.env.TEST_SCALED !== "1" || !process.env.TEST_REDIS_URL) return {};
  return { REDIS_URL: process.env.TEST_REDIS_URL, REDIS_PREFIX: `mxs${crypto.randomBytes(5).toString("hex")}` };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function isReady(baseUrl: string): Promise<boolean> {
  const get = (p: string) => fetch(baseUrl + p, { redirect: "manual", signal: AbortSignal.timeout(5_000) });
  try {
    const health = await get("/api/health");
    if (health.ok) return true;
    if (health.status !== 404) return false;
    // Until /api/health exists, any non-5xx answer from a page means the server is up.
    return (await get("/signin")).status < 500;
  } catch {
    return false;
  }
}

function kill(child: ChildProcess, signal: NodeJS.Signals) {
  try {
    process.kill(-child.pid!, signal); // its own process group: next's children go too
  } catch {
    /* already gone */
  }
}

const running = new Set<ChildProcess>();
process.once("exit", () => running.forEach((c) => kill(c, "SIGKILL")));

export async function startServer(opts: StartServerOptions = {}): Promise<TestServer> {
  if (!fs.existsSync(path.join(repoRoot, ".next/BUILD_ID"))) {
    throw new Error("startServer needs a production build: run `npm run build` first (.next/BUILD_ID is missing)");
  }
  const databaseUrl = opts.databaseUrl ?? (await freshDatabase());
  const serverArgs = [
    path.join(repoRoot, "node_modules/tsx/dist/cli.mjs"),
    "--conditions=react-server",
    "scripts/server.ts",
  ];
  const deadline = Date.now() + (opts.timeoutMs ?? 60_000);
  // A server started with an existing database (a restart) keeps the files it had: the same bucket.
  const bucket: TestBucket | undefined =
    testStorage() === "s3" && !opts.env?.S3_BUCKET ? await testBucket() : undefined;
  const storageEnv = bucket?.env ?? {};

  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const baseUrl = `http://127.0.0.1:${port}`;
    const child = spawn(process.execPath, [...serverArgs, "-p", String(port), "-H", "127.0.0.1"], {
      cwd: repoRoot,
      detached: true,
      stdio: ["ignore", "pipe", "pipe"],
      env: {
        ...process.env,
        NODE_ENV: "production",
        DATABASE_URL: databaseUrl,
        AUTH_SECRET: TEST_AUTH_SECRET,
        NEXTAUTH_URL: baseUrl,
        PUBLIC_BASE_URL: baseUrl,
        NEXT_TELEMETRY_DISABLED: "1",
        ...queueModeEnv(),
        ...storageEnv,
        ...opts.env,
      },
    });
    running.add(child);
    let output = "";
    const collect = (chunk: Buffer) => {
      output = (output + chunk.toString()).slice(-20_000);
    };
    child.stdout!.on("data", collect);
    child.stderr!.on("data", collect);
    let exited = false;
    const exitedPromise = new Promise<void>((resolve) =>
      child.once("exit", () => {
        exited = true;
        running.delete(child);
        resolve();
      }),
    );

    const stop = async () => {
      if (exited) return;
      kill(child, "SIGTERM");
      const timer = setTimeout(() => kill(child, "SIGKILL"), 5_000);
      await exitedPromise;
      clearTimeout(timer);
      await bucket?.stop();
    };

    while (!exited && Date.now() < deadline) {
      if (await isReady(baseUrl))
        return {
          baseUrl,
          databaseUrl,
          pid: child.pid!,
          s3: (bucket?.env ?? opts.env?.S3_BUCKET) ? { ...storageEnv, ...opts.env } : undefined,
          stop,
        };
      await new Promise((r) => setTimeout(r, 200));
    }
    await stop();
    // Another process can take the port between freePort() and listen(): try a new one.
    if (output.includes("EADDRINUSE") && attempt < 5 && Date.now() < deadline) continue;
    throw new Error(
      `npm start's server did not become ready at ${baseUrl} (${exited ? "it exited" : "timed out"}). Output:\n${output}`,
    );
  }
}
