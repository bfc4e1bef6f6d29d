// Exactly-once submission to a Suno-style upstream across a crash: a worker process killed (-9)
// right after it stored the upstream task id and before it marked the task submitted; the next
// worker finds the task, polls it instead of paying for a second one, and finishes the Music API
// task, charged once. Real worker processes (`npm run worker`'s script), the loopback fake.
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { grant, verifyLedger } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { submitUploadExtend } from "@/lib/music/service";
import { keyHint, sealKey } from "@/lib/relays/crypto";
import { writeRoutes } from "@/lib/relays/routes";
import { signUp } from "@/lib/users/service";
import { type FakeSuno, startFakeSuno } from "@/test/helpers/fake-suno";
import { type FixtureServer, makeMix, serveFixtures } from "@/test/helpers/media";
import { spawnWorker, type WorkerProcess } from "@/test/helpers/worker";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-suno-crash-"));
const workerEnv = {
  DATA_DIR: path.join(dir, "data"),
  FETCH_ALLOW_HOSTS: "127.0.0.1",
  RELAY_MASTER_KEY: randomBytes(32).toString("hex"),
  RELAY_SUNO_POLL_INTERVAL_MS: "100",
  RELAY_RETRY_BASE_MS: "20",
  JOBS_LEASE_SECONDS: "2",
  JOBS_POLL_MS: "200",
  JOBS_EMBEDDED: "false",
  AUTH_SECRET: "suno-crash-test-secret-0123456789abcdef",
  PUBLIC_BASE_URL: "http://127.0.0.1:9",
};
for (const [k, v] of Object.entries(workerEnv)) vi.stubEnv(k, v);

let fake: FakeSuno;
let fixtures: FixtureServer;
const workers: WorkerProcess[] = [];

beforeAll(async () => {
  makeMix(path.join(dir, "mix.mp3"), 8);
  fixtures = await serveFixtures(dir);
  fake = await startFakeSuno();
  fake.knobs.callbacks = "none"; // polling alone: the test is about the submit
}, 60_000);
afterAll(async () => {
  for (const w of workers) w.child.kill("SIGKILL");
  await fake?.close();
  await fixtures?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function until<T>(what: string, fn: () => Promise<T | null>, w: WorkerProcess, ms = 90_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error(`${what} did not happen; worker log: ${w.log()}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

describe("Suno-style relay across a worker crash", () => {
  it("a worker killed between 'id stored' and 'submitted': the next one resumes the task, one create, one capture", async () => {
    const admin = await signUp({
      email: `a-${randomUUID().slice(0, 6)}@example.com`,
      name: "A",
      password: "a long password 1",
    });
    const up = await db.upstream.create({
      data: {
        name: "crash-suno",
        kind: "suno",
        baseUrl: fake.baseUrl,
        keyCipher: sealKey(fake.apiKey),
        keyHint: keyHint(fake.apiKey),
      },
    });
    await writeRoutes(admin.id, { "upload-extend": [`upstream:${up.id}`, "local"] });
    const user = await signUp({
      email: `m-${randomUUID().slice(0, 6)}@example.com`,
      name: "M",
      password: "a long password 1",
    });
    const teamId = (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId;
    await grant({ userId: user.id, amount: 500, idempotencyKey: `seed:${user.id}` });
    const { taskId } = await submitUploadExtend(
      { userId: user.id, teamId, apiKeyId: null },
      {
        uploadUrl: `${fixtures.baseUrl}/mix.mp3`,
        defaultParamFlag: true,
        instrumental: true,
        model: "V4_5",
        style: "Classical",
        title: "Crash Test",
        continueAt: 3,
      },
    );
    const task = await db.musicTask.findUniqueOrThrow({ where: { taskId } });

    const first = spawnWorker({ RELAY_TEST_CRASH_AFTER: "stored-id" });
    workers.push(first);
    await Promise.race([
      first.exited,
      new Promise((_, reject) =>
        setTimeout(() => reject(new Error(`the first worker never died: ${first.log()}`)), 90_000),
      ),
    ]);
    expect(first.child.signalCode).toBe("SIGKILL");
    const stranded = await db.relayTask.findFirstOrThrow({ where: { orderId: task.orderId } });
    expect(stranded.upstreamTaskId).toBeTruthy();
    expect(stranded.state).toBe("submitting");
    expect(fake.creates).toHaveLength(1);

    const second = spawnWorker({ RELAY_TEST_CRASH_AFTER: "" });
    workers.push(second);
    const order = await until(
      "the order finishing",
      async () => {
        const o = await db.order.findUniqueOrThrow({ where: { id: task.orderId } });
        return o.status === "finish" || o.status === "failed" ? o : null;
      },
      second,
    );
    expect(order.status).toBe("finish");
    expect(order.engine).toBe("relay:crash-suno");
    expect(fake.creates).toHaveLength(1);
    const done = await db.musicTask.findUniqueOrThrow({ where: { taskId } });
    expect(done.musicStatus).toBe("SUCCESS");
    expect(done.upstreamTaskId).toBe(stranded.upstreamTaskId);
    expect(await db.ledgerEntry.count({ where: { ref: `order:${order.orderNo}`, kind: "capture" } })).toBe(1);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).held).toBe(0);
    expect((await verifyLedger()).mismatches).toEqual([]);
  }, 240_000);
});
