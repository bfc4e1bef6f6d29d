// Music API upload-extend routed to a Suno-style upstream, end to end in the job runner: real
// database, real ffmpeg, the loopback fake written from the upstream's documents calling back into
// Mixdesk's real callback route handler (served on loopback). Covers the callback path and the
// polling-only path, duplicate and forged callbacks, failures releasing the hold exactly once, and
// falling back to the local engine when the upstream is down or out of credits.
import { randomBytes, randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { grant, verifyLedger } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { JobRunner, runnerOptionsFromEnv } from "@/lib/jobs/runner";
import { recordInfo, submitUploadExtend } from "@/lib/music/service";
import { keyHint, sealKey } from "@/lib/relays/crypto";
import { reconcile } from "@/lib/relays/reconcile";
import { writeRoutes } from "@/lib/relays/routes";
import { sunoAdapter } from "@/lib/relays/suno/client";
import { signUp } from "@/lib/users/service";
import { type FakeSuno, startFakeSuno } from "@/test/helpers/fake-suno";
import { type FixtureServer, makeMix, serveFixtures } from "@/test/helpers/media";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-suno-music-"));
vi.stubEnv("DATA_DIR", path.join(dir, "data"));
vi.stubEnv("FETCH_ALLOW_HOSTS", "127.0.0.1");
vi.stubEnv("JOBS_EMBEDDED", "false");
vi.stubEnv("RELAY_MASTER_KEY", randomBytes(32).toString("hex"));
vi.stubEnv("RELAY_SUNO_POLL_INTERVAL_MS", "150");
vi.stubEnv("RELAY_RETRY_BASE_MS", "20");
vi.stubEnv("RELAY_MAX_ATTEMPTS", "2");
vi.stubEnv("MUSIC_PROBE_WAIT_SECONDS", "10");

const callbackRoute = await import("@/app/api/relays/suno/callback/[token]/route");
const filesRoute = await import("@/app/api/files/[...path]/route");

let fake: FakeSuno;
let fixtures: FixtureServer;
let app: http.Server;
let appUrl = "";
let upstreamId = "";
let adminId = "";
const logs: string[] = [];

/** Mixdesk's callback endpoint, through its real route handler, on loopback. */
async function startApp() {
  app = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", async () => {
      // Signed download links of stored files (what an upstream fetches for a team's upload).
      const file = /^\/api\/files\/([^?]+)/.exec(req.url ?? "");
      if (req.method === "GET" && file) {
        const answer = await filesRoute.GET(new Request(`${appUrl}${req.url}`), {
          params: Promise.resolve({ path: file[1].split("/").map(decodeURIComponent) }),
        });
        res.writeHead(answer.status, Object.fromEntries(answer.headers));
        return res.end(Buffer.from(await answer.arrayBuffer()));
      }
      const m = /^\/api\/relays\/suno\/callback\/([^/?]+)$/.exec(req.url ?? "");
      if (req.method !== "POST" || !m) return res.writeHead(404).end();
      const answer = await callbackRoute.POST(
        new Request(`${appUrl}${req.url}`, {
          method: "POST",
          headers: req.headers as Record<string, string>,
          body: Buffer.concat(chunks),
        }),
        { params: Promise.resolve({ token: decodeURIComponent(m[1]) }) },
      );
      res.writeHead(answer.status, { "content-type": "application/json" }).end(await answer.text());
    });
  });
  await new Promise<void>((r) => app.listen(0, "127.0.0.1", r));
  appUrl = `http://127.0.0.1:${(app.address() as AddressInfo).port}`;
  vi.stubEnv("PUBLIC_BASE_URL", appUrl);
}

beforeAll(async () => {
  makeMix(path.join(dir, "mix.mp3"), 8);
  fixtures = await serveFixtures(dir);
  fake = await startFakeSuno();
  await startApp();
  for (const level of ["log", "warn", "error", "info"] as const) {
    const original = console[level].bind(console);
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      logs.push(args.map((a) => (a instanceof Error ? `${a.message} ${a.stack}` : String(a))).join(" "));
      original(...args);
    });
  }
  const admin = await signUp({
    email: `admin-${randomUUID().slice(0, 6)}@example.com`,
    name: "A",
    password: "a long password 1",
  });
  adminId = admin.id;
  const up = await db.upstream.create({
    data: {
      name: "fake-suno",
      kind: "suno",
      baseUrl: fake.baseUrl,
      keyCipher: sealKey(fake.apiKey),
      keyHint: keyHint(fake.apiKey),
      costs: JSON.stringify({ "upload-extend": 9 }),
    },
  });
  upstreamId = up.id;
  await writeRoutes(adminId, { "upload-extend": [`upstream:${upstreamId}`, "local"] });
});
afterAll(async () => {
  vi.restoreAllMocks();
  await fake.close();
  await fixtures.close();
  await new Promise<void>((r) => {
    app.closeAllConnections();
    app.close(() => r());
  });
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(async () => {
  Object.assign(fake.knobs, {
    credits: 1000,
    fail5xx: 0,
    failCode: null,
    hang: false,
    stepMs: 0,
    outcome: "SUCCESS",
    callbacks: "all",
    callbackRepeat: 1,
    recordInfoStuck: false,
  });
  await db.upstream.update({ where: { id: upstreamId }, data: { outOfRotation: null, outOfRotationAt: null } });
});

async function actor(credits = 500) {
  const user = await signUp({
    email: `music-${randomUUID().slice(0, 6)}@example.com`,
    name: "Music",
    password: "a long password 1",
  });
  const teamId = (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId;
  await grant({ userId: user.id, amount: credits, idempotencyKey: `seed:${user.id}` });
  return { userId: user.id, teamId, apiKeyId: null };
}

const body = (extra: object = {}) => ({
  uploadUrl: `${fixtures.baseUrl}/mix.mp3`,
  defaultParamFlag: true,
  instrumental: true,
  model: "V4_5",
  style: "Classical",
  title: "Peaceful Piano Extended",
  continueAt: 3,
  callBackUrl: "http://127.0.0.1:9/user-callback",
  ...extra,
});

async function runTask(who: Awaited<ReturnType<typeof actor>>, extra: object = {}) {
  const { taskId } = await submitUploadExtend(who, body(extra));
  const runner = new JobRunner({ ...runnerOptionsFromEnv({}), pollMs: 100, maxAttempts: 1 }).start();
  try {
    const end = Date.now() + 90_000;
    for (;;) {
      const t = await db.musicTask.findUniqueOrThrow({ where: { taskId }, include: { order: true } });
      if (t.order.status === "finish" || t.order.status === "failed") break;
      if (Date.now() > end) throw new Error(`task stuck in ${t.order.status}/${t.musicStatus}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await runner.stop();
  }
  const task = await db.musicTask.findUniqueOrThrow({ where: { taskId }, include: { order: true } });
  const relay = await db.relayTask.findFirst({ where: { orderId: task.orderId } });
  return { taskId, task, order: task.order, relay };
}

const user = (id: string) => db.user.findUniqueOrThrow({ where: { id }, select: { balance: true, held: true } });
const entries = (orderNo: string) =>
  db.ledgerEntry.findMany({ where: { ref: `order:${orderNo}` }, select: { kind: true, amount: true } });

async function expectFinishedByRelay(run: Awaited<ReturnType<typeof runTask>>, who: { userId: string }) {
  const { task, order, relay } = run;
  expect(order.status).toBe("finish");
  expect(order.engine).toBe("relay:fake-suno");
  expect(task.musicStatus).toBe("SUCCESS");
  expect(task.upstreamTaskId).toBe(relay?.upstreamTaskId);
  expect(task.upstreamTaskId && fake.tasks.has(task.upstreamTaskId)).toBe(true);
  expect(task.upstreamStatus).toBe("SUCCESS");
  expect(task.upstreamCost).toBe(9);
  // Both variants stored: audio and cover each, the audio real mp3 of the upstream's length.
  const files = await db.orderFile.findMany({ where: { orderId: order.id } });
  expect(files.filter((f) => f.business === "audio")).toHaveLength(2);
  expect(files.filter((f) => f.business === "cover")).toHaveLength(2);
  const view = await recordInfo(task.teamId, task.taskId);
  expect(view.status).toBe("SUCCESS");
  expect(view.response.sunoData).toHaveLength(2);
  for (const item of view.response.sunoData) expect(item.duration).toBeCloseTo(4, 0);
  // Mixdesk's price was captured once; nothing stays held.
  const kinds = (await entries(order.orderNo)).map((e) => e.kind).sort();
  expect(kinds.filter((k) => k === "capture")).toHaveLength(1);
  expect(kinds).not.toContain("release");
  const u = await user(who.userId);
  expect(u.held).toBe(0);
  expect(u.balance).toBe(500 - order.cost);
  expect(order.cost).toBeGreaterThan(0);
  // Our own callbacks to the user were written from our state: first, then complete, once each.
  const deliveries = await db.webhookDelivery.findMany({ where: { orderId: order.id } });
  expect(deliveries.map((d) => d.event).sort()).toEqual(["complete", "first"]);
}

describe("relayed upload-extend", () => {
  it("finishes through the upstream's callbacks when record-info lags (callback path)", async () => {
    fake.knobs.stepMs = 150;
    fake.knobs.recordInfoStuck = true;
    const who = await actor();
    const run = await runTask(who);
    await expectFinishedByRelay(run, who);
    const sent = fake.creates.at(-1) as Record<string, unknown>;
    // The upstream got the user's link and our callback (never the user's own callBackUrl).
    expect(sent.uploadUrl).toBe(`${fixtures.baseUrl}/mix.mp3`);
    expect(sent.callBackUrl).toBe(`${appUrl}/api/relays/suno/callback/${run.relay?.callbackToken}`);
    const mine = fake.callbacks.filter((c) => c.taskId === run.task.upstreamTaskId);
    expect(mine.map((c) => [c.type, c.status])).toEqual([
      ["text", 200],
      ["first", 200],
      ["complete", 200],
    ]);
    expect(run.relay?.state).toBe("finished");
  });

  it("finishes by polling alone when no callback ever arrives", async () => {
    fake.knobs.callbacks = "none";
    const who = await actor();
    const run = await runTask(who);
    await expectFinishedByRelay(run, who);
    expect(fake.tasks.get(run.task.upstreamTaskId as string)?.polls).toBeGreaterThanOrEqual(4);
    expect(fake.callbacks.filter((c) => c.taskId === run.task.upstreamTaskId)).toHaveLength(0);
  });

  it("hands the upstream a signed Mixdesk link when the input is the team's upload", async () => {
    fake.knobs.callbacks = "none";
    const who = await actor();
    const rel = `uploads/${who.teamId}/song.mp3`;
    fs.mkdirSync(path.join(dir, "data", path.dirname(rel)), { recursive: true });
    fs.copyFileSync(path.join(dir, "mix.mp3"), path.join(dir, "data", rel));
    const upload = await db.upload.create({
      data: {
        userId: who.userId,
        teamId: who.teamId,
        filename: "song.mp3",
        path: rel,
        bytes: fs.statSync(path.join(dir, "mix.mp3")).size,
      },
    });
    const run = await runTask(who, { uploadUrl: `upload:${upload.id}` });
    await expectFinishedByRelay(run, who);
    const t = fake.tasks.get(run.task.upstreamTaskId as string);
    expect(String(t?.body.uploadUrl)).toMatch(new RegExp(`^${appUrl}/api/files/uploads/.+\\?exp=\\d+&sig=`));
    // The upstream really fetched the audio through the link.
    expect(t?.inputError).toBeNull();
    expect(t?.inputBytes).toBe(upload.bytes);
  });

  it("duplicate callbacks change nothing: one capture, one complete callback to the user", async () => {
    fake.knobs.stepMs = 100;
    fake.knobs.callbackRepeat = 3;
    const who = await actor();
    const run = await runTask(who);
    await expectFinishedByRelay(run, who);
    expect(fake.callbacks.filter((c) => c.taskId === run.task.upstreamTaskId && c.type === "complete")).toHaveLength(3);
    expect((await verifyLedger()).mismatches).toEqual([]);
  });
});

describe("reconciliation", () => {
  it("a task finished upstream but left open here (no callback reached us, no worker on it) is repaired and finishes without a second submit", async () => {
    fake.knobs.callbacks = "none";
    const who = await actor();
    const { taskId } = await submitUploadExtend(who, body());
    const task = await db.musicTask.findUniqueOrThrow({ where: { taskId } });
    // A worker submitted and died; the upstream went on and finished.
    const creds = { baseUrl: fake.baseUrl, apiKey: fake.apiKey };
    const { taskId: upstreamTaskId } = await sunoAdapter.submit(
      creds,
      {
        orderType: "upload-extend",
        inputUrl: `${fixtures.baseUrl}/mix.mp3`,
        params: body(),
        callbackUrl: `${appUrl}/x`,
      },
      AbortSignal.timeout(10_000),
    );
    await fake.finish(upstreamTaskId);
    await db.relayTask.create({
      data: { orderId: task.orderId, upstreamId, state: "submitted", upstreamTaskId, submittedAt: new Date() },
    });
    const creates = fake.creates.length;
    const report = await reconcile({ upstreamId });
    const drift = await db.reconcileDrift.findMany({ where: { upstreamId, upstreamTaskId } });
    expect(drift.map((d) => [d.kind, d.outcome])).toEqual([["finished_upstream_open_here", "repaired"]]);
    expect(JSON.stringify(report)).not.toContain(fake.apiKey);

    const runner = new JobRunner({ ...runnerOptionsFromEnv({}), pollMs: 100, maxAttempts: 1 }).start();
    try {
      const end = Date.now() + 60_000;
      while (
        !["finish", "failed"].includes((await db.order.findUniqueOrThrow({ where: { id: task.orderId } })).status)
      ) {
        if (Date.now() > end) throw new Error("the repaired order did not finish");
        await new Promise((r) => setTimeout(r, 100));
      }
    } finally {
      await runner.stop();
    }
    const done = await db.musicTask.findUniqueOrThrow({ where: { taskId }, include: { order: true } });
    expect(done.order.status).toBe("finish");
    expect(done.order.engine).toBe("relay:fake-suno");
    expect(done.upstreamTaskId).toBe(upstreamTaskId);
    expect(fake.creates.length).toBe(creates);
    expect(await db.ledgerEntry.count({ where: { ref: `order:${done.order.orderNo}`, kind: "capture" } })).toBe(1);
  });
});

describe("the callback endpoint", () => {
  const post = (token: string, json: unknown) =>
    fetch(`${appUrl}/api/relays/suno/callback/${token}`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(json),
    });

  it("refuses unknown and forged tokens with 404, ignores other tasks' bodies, and a late callback changes nothing", async () => {
    fake.knobs.callbacks = "none";
    const who = await actor();
    const run = await runTask(who);
    const relay = run.relay!;
    expect(relay.callbackToken).toMatch(new RegExp(`^${relay.id}\\.`));
    const complete = (taskId: string) => ({
      code: 200,
      msg: "All generated successfully.",
      data: { callbackType: "complete", task_id: taskId, data: [] },
    });
    expect((await post("nonsense", complete(relay.upstreamTaskId!))).status).toBe(404);
    expect((await post(`${relay.id}.${"A".repeat(32)}`, complete(relay.upstreamTaskId!))).status).toBe(404);
    const forged = relay.callbackToken!.slice(0, -1) + (relay.callbackToken!.endsWith("A") ? "B" : "A");
    expect((await post(forged, complete(relay.upstreamTaskId!))).status).toBe(404);

    const before = await db.relayTask.findUniqueOrThrow({ where: { id: relay.id } });
    // Right token, somebody else's task id: answered, ignored.
    const other = await post(relay.callbackToken!, {
      code: 501,
      msg: "failed",
      data: { callbackType: "error", task_id: "other" },
    });
    expect(other.status).toBe(200);
    // Right token, late failure after the task finished: answered, nothing changes.
    const late = await post(relay.callbackToken!, {
      code: 501,
      msg: "Audio generation failed",
      data: { callbackType: "error", task_id: relay.upstreamTaskId, data: [] },
    });
    expect(late.status).toBe(200);
    expect(await late.json()).toEqual({ code: 200, msg: "success" });
    const after = await db.relayTask.findUniqueOrThrow({ where: { id: relay.id } });
    expect([after.state, after.resultJson, after.upstreamStatus]).toEqual([
      before.state,
      before.resultJson,
      before.upstreamStatus,
    ]);
    const order = await db.order.findUniqueOrThrow({ where: { id: run.order.id } });
    expect(order.status).toBe("finish");
  });
});

describe("failures", () => {
  it("banned words (the input's fault) fail the task with the upstream's reason and release the hold once", async () => {
    fake.knobs.outcome = "SENSITIVE_WORD_ERROR";
    const who = await actor();
    const run = await runTask(who);
    expect(run.order.status).toBe("failed");
    expect(run.task.musicStatus).toBe("SENSITIVE_WORD_ERROR");
    expect(run.task.errorMessage).toContain("Lyrics contain sensitive words");
    expect(run.task.upstreamTaskId).toBe(run.relay?.upstreamTaskId);
    expect(run.task.upstreamTaskId && fake.tasks.has(run.task.upstreamTaskId)).toBe(true);
    const kinds = (await entries(run.order.orderNo)).map((e) => e.kind);
    expect(kinds.filter((k) => k === "release")).toHaveLength(1);
    expect(kinds).not.toContain("capture");
    expect(await user(who.userId)).toEqual({ balance: 500, held: 0 });
    // The user hears about it through our own error callback.
    const deliveries = await db.webhookDelivery.findMany({ where: { orderId: run.order.id } });
    expect(deliveries.map((d) => d.event)).not.toContain("complete");
  });

  it("the upstream breaking down (GENERATE_AUDIO_FAILED) falls back to the local engine", async () => {
    fake.knobs.outcome = "GENERATE_AUDIO_FAILED";
    const who = await actor();
    const run = await runTask(who);
    expect(run.order.status).toBe("finish");
    expect(run.order.engine).toBe("local-extend");
    expect(run.task.musicStatus).toBe("SUCCESS");
    expect(run.relay?.state).toBe("failed");
    const kinds = (await entries(run.order.orderNo)).map((e) => e.kind);
    expect(kinds.filter((k) => k === "capture")).toHaveLength(1);
    expect(kinds).not.toContain("release");
  });

  it("an upstream that is down (5xx) falls back to the local engine after its retries", async () => {
    fake.knobs.fail5xx = 1000;
    const creates = fake.creates.length;
    const who = await actor();
    const run = await runTask(who);
    expect(run.order.status).toBe("finish");
    expect(run.order.engine).toBe("local-extend");
    expect(run.task.upstreamTaskId).toBeNull();
    expect(fake.creates.length).toBe(creates); // the 5xx answers came before the body was read
    const calls = await db.upstreamCall.count({ where: { upstreamId, op: "submit", ok: false } });
    expect(calls).toBeGreaterThanOrEqual(2);
    expect((await user(who.userId)).held).toBe(0);
  });

  it("an upstream out of credits leaves rotation and the task falls back; the next task skips it", async () => {
    fake.knobs.credits = 0;
    const who = await actor();
    const run = await runTask(who);
    expect(run.order.engine).toBe("local-extend");
    expect(run.order.status).toBe("finish");
    const up = await db.upstream.findUniqueOrThrow({ where: { id: upstreamId } });
    expect(up.outOfRotation).toMatch(/credits/i);
    const creates = fake.creates.length;
    const next = await runTask(who);
    expect(next.order.engine).toBe("local-extend");
    expect(fake.creates.length).toBe(creates);
  });

  it("never writes the upstream key into logs, tasks or upstream health", async () => {
    const rows = JSON.stringify([
      await db.relayTask.findMany(),
      await db.upstream.findMany({ select: { lastError: true, outOfRotation: true } }),
      await db.musicTask.findMany(),
    ]);
    expect(rows).not.toContain(fake.apiKey);
    expect(logs.join("\n")).not.toContain(fake.apiKey);
  });
});
