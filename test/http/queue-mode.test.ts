// Queue mode over real HTTP: a production web server with JOBS_EMBEDDED=false only queues (BullMQ
// on a real redis-server); separate worker processes (`npm run worker`'s script) run the orders.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeMix, serveFixtures, type FixtureServer } from "@/test/helpers/media";
import { testRedis, type TestRedis } from "@/test/helpers/redis";
import { startServer, TEST_AUTH_SECRET, type TestServer } from "@/test/helpers/server";
import { spawnWorker, type WorkerProcess } from "@/test/helpers/worker";
import { Client } from "@/test/http/client";

let server: TestServer;
let fixtures: FixtureServer;
let redis: TestRedis;
let key: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-queue-http-"));
const workers: WorkerProcess[] = [];
let jobEnv: Record<string, string>;

function startWorker() {
  // TEST_STORAGE=s3: the server's bucket and a disk of the worker's own, as on another machine.
  const storage = server.s3 ? { ...server.s3, DATA_DIR: path.join(dir, `worker-${workers.length}`) } : {};
  const w = spawnWorker({ ...jobEnv, ...storage, DATABASE_URL: server.databaseUrl, AUTH_SECRET: TEST_AUTH_SECRET });
  workers.push(w);
  return w;
}

type Envelope<T> = { code: number; data: T; msg: string };
async function api<T>(p: string, init: RequestInit & { json?: unknown } = {}) {
  const headers = new Headers(init.headers);
  headers.set("authorization", `Bearer ${key}`);
  if (init.json !== undefined) headers.set("content-type", "application/json");
  const body = init.json !== undefined ? JSON.stringify(init.json) : init.body;
  const res = await fetch(`${server.baseUrl}${p}`, { ...init, headers, body });
  return (await res.json()) as Envelope<T>;
}
const query = (orderNo: string) =>
  api<{ status: string; cost: number; stuffs: { business: string }[] }>(`/api/open/v1/order/query?orderNo=${orderNo}`);

beforeAll(async () => {
  makeMix(path.join(dir, "mix.wav"), 4);
  fixtures = await serveFixtures(dir);
  redis = await testRedis();
  jobEnv = {
    REDIS_URL: redis.url,
    REDIS_PREFIX: redis.prefix,
    FETCH_ALLOW_HOSTS: "127.0.0.1",
    DATA_DIR: path.join(dir, "data"),
    JOBS_POLL_MS: "200",
  };
  server = await startServer({ env: { ...jobEnv, JOBS_EMBEDDED: "false" } });
  const admin = new Client(server.baseUrl);
  const { id } = await admin.signUp({
    email: `queue-${randomUUID().slice(0, 6)}@example.com`,
    name: "Queue",
    password: "a long password 1",
  });
  await admin.fetch(`/api/admin/users/${id}/credits`, { method: "POST", json: { amount: 100, reason: "test" } });
  key = (await (await admin.fetch("/api/keys", { method: "POST", json: { name: "queue" } })).json()).key;
}, 180_000);

afterAll(async () => {
  for (const w of workers) w.child.kill("SIGKILL");
  await server?.stop();
  await fixtures?.close();
  await redis?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("queue mode over HTTP", () => {
  it("the web server only queues; an order waits for a worker process, which runs it to the end", async () => {
    const created = await api<{ orderNo: string }>("/api/open/v1/order/create", {
      method: "POST",
      json: { orderType: "extract-voice", stuff: { pathKey: `${fixtures.baseUrl}/mix.wav` } },
    });
    expect(created.code).toBe(0);
    const { orderNo } = created.data;
    // No worker yet: the web process does not run it.
    await new Promise((r) => setTimeout(r, 2000));
    expect((await query(orderNo)).data.status).toBe("pending");
    expect(fixtures.hits.get("/mix.wav")).toBeUndefined();

    startWorker();
    startWorker();
    const end = Date.now() + 120_000;
    let q = await query(orderNo);
    while (q.data.status !== "finish") {
      if (q.data.status === "failed" || Date.now() > end)
        throw new Error(`order ${orderNo}: ${JSON.stringify(q)}\n${workers.map((w) => w.log()).join("\n")}`);
      await new Promise((r) => setTimeout(r, 300));
      q = await query(orderNo);
    }
    expect(q.data.stuffs.map((s) => s.business)).toEqual(["vocals"]);
    expect(q.data.cost).toBeGreaterThan(0);
    // Two workers, one job: the input was fetched once.
    expect(fixtures.hits.get("/mix.wav")).toBe(1);
  });
});
