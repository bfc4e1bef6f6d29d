// The Music API (Suno-style upload-extend) over real HTTP, as a script written for sunoapi.org
// would use it after changing the base URL and the key: submit, poll record-info, read credit,
// receive signed callbacks on a loopback receiver. Media comes from loopback fixture servers.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { probe } from "@/lib/media/ffmpeg";
import { makeMix, makeTone, serveFixtures, type FixtureServer } from "@/test/helpers/media";
import { startReceiver, verifySignature, type Receiver } from "@/test/helpers/receiver";
import { startServer, type TestServer } from "@/test/helpers/server";
import { storedFiles } from "@/test/helpers/stored";
import { testDatabaseUrl } from "@/test/helpers/db";
import { Client } from "@/test/http/client";

let server: TestServer;
let fixtures: FixtureServer;
let slow: http.Server;
let slowUrl: string;
let receiver: Receiver;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-music-"));
const pw = "a long password 1";

let admin: Client;
let key: string;
let secret: string;

type Envelope<T = unknown> = { code: number; msg: string; data: T };
type SunoItem = {
  id: string;
  audioUrl: string;
  streamAudioUrl: string;
  imageUrl: string;
  prompt: string;
  modelName: string;
  title: string;
  tags: string;
  createTime: string;
  duration: number;
};
type Record = {
  taskId: string;
  param: string;
  status: string;
  operationType: string;
  errorCode: number | null;
  errorMessage: string | null;
  expired: boolean;
  response: { taskId: string; sunoData: SunoItem[] };
};

async function call<T = unknown>(
  p: string,
  init: { method?: string; json?: unknown; key?: string | null; raw?: string } = {},
) {
  const headers = new Headers();
  const k = init.key === undefined ? key : init.key;
  if (k) headers.set("authorization", `Bearer ${k}`);
  let body: string | undefined;
  if (init.json !== undefined || init.raw !== undefined) {
    headers.set("content-type", "application/json");
    body = init.raw ?? JSON.stringify(init.json);
  }
  const res = await fetch(`${server.baseUrl}${p}`, { method: init.method ?? (body ? "POST" : "GET"), headers, body });
  const text = await res.text();
  return { status: res.status, text, body: JSON.parse(text) as Envelope<T> };
}

const submit = (json: unknown, k?: string | null) =>
  call<{ taskId: string } | null>("/api/v1/generate/upload-extend", { json, key: k });
const info = (taskId: string, k?: string | null) =>
  call<Record | null>(`/api/v1/generate/record-info?taskId=${taskId}`, { key: k });
const credit = async (k?: string) => (await call<number>("/api/v1/generate/credit", { key: k })).body.data;

async function until(taskId: string, statuses: string[], k?: string, ms = 90_000) {
  const end = Date.now() + ms;
  const seen: string[] = [];
  for (;;) {
    const r = await info(taskId, k);
    const s = r.body.data?.status ?? `code ${r.body.code}`;
    if (seen.at(-1) !== s) seen.push(s);
    if (statuses.includes(s)) return { ...(r.body.data as Record), seen };
    if (Date.now() > end) throw new Error(`task ${taskId} still ${s}`);
    await new Promise((r) => setTimeout(r, 150));
  }
}

const custom = (extra: object = {}) => ({
  uploadUrl: `${fixtures.baseUrl}/mix.mp3`,
  defaultParamFlag: true,
  instrumental: true,
  model: "V4_5",
  style: "Classical",
  title: "Peaceful Piano Extended",
  continueAt: 3,
  ...extra,
});

async function newUser(credits: number, name = "Music") {
  const c = new Client(server.baseUrl);
  const { id } = await c.signUp({
    email: `${name.toLowerCase()}-${randomUUID().slice(0, 6)}@example.com`,
    name,
    password: pw,
  });
  if (credits > 0) {
    const r = await admin.fetch(`/api/admin/users/${id}/credits`, {
      method: "POST",
      json: { amount: credits, reason: "test credits" },
    });
    expect(r.status).toBeLessThan(300);
  }
  const k = (await (await c.fetch("/api/keys", { method: "POST", json: { name: "music" } })).json()).key as string;
  return { client: c, id, key: k };
}

const setSettings = async (patch: object) => {
  const r = await admin.fetch("/api/admin/settings", { method: "PUT", json: patch });
  expect(r.status).toBe(200);
  return r.json();
};

beforeAll(async () => {
  makeMix(path.join(dir, "mix.mp3"), 6);
  makeTone(path.join(dir, "long.mp3"), 490);
  fs.writeFileSync(path.join(dir, "notes.txt"), "this is not audio\n".repeat(100));
  fixtures = await serveFixtures(dir);
  // Answers after 7 s: longer than the submit's probe wait (5 s), so the job checks the audio.
  slow = http.createServer((req, res) => {
    const file = path.join(dir, path.basename(req.url ?? "/"));
    setTimeout(() => {
      if (!fs.existsSync(file)) return res.writeHead(404).end();
      res.writeHead(200, { "content-length": fs.statSync(file).size });
      fs.createReadStream(file).pipe(res);
    }, 7000);
  });
  await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
  slowUrl = `http://127.0.0.1:${(slow.address() as AddressInfo).port}`;
  receiver = await startReceiver();
  server = await startServer({
    databaseUrl: testDatabaseUrl(),
    env: {
      FETCH_ALLOW_HOSTS: "127.0.0.1",
      DATA_DIR: path.join(dir, "data"),
      JOBS_POLL_MS: "200",
      JOBS_BACKOFF_SECONDS: "0.2",
      JOBS_CONCURRENCY: "3",
      JOBS_MAINTENANCE_SECONDS: "1",
      FETCH_TIMEOUT_SECONDS: "10",
      MUSIC_PROBE_WAIT_SECONDS: "5",
      MUSIC_RATE_PER_MINUTE: "100000",
      WEBHOOK_BACKOFF_SECONDS: "0.3",
      WEBHOOK_MAX_ATTEMPTS: "4",
    },
  });
  admin = new Client(server.baseUrl);
  const { id } = await admin.signUp({
    email: `music-admin-${randomUUID().slice(0, 6)}@example.com`,
    name: "Admin",
    password: pw,
  });
  await admin.fetch(`/api/admin/users/${id}/credits`, {
    method: "POST",
    json: { amount: 1000, reason: "test credits" },
  });
  key = (await (await admin.fetch("/api/keys", { method: "POST", json: { name: "music" } })).json()).key;
  secret = (await (await admin.fetch("/api/team/webhook/secret", { method: "POST" })).json()).secret;
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await fixtures?.close();
  await receiver?.close();
  slow?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("Music API: the document's flow", () => {
  it("custom mode: taskId at once, PENDING → … → SUCCESS with two tracks, signed first/complete callbacks, charged once on SUCCESS", async () => {
    const before = await credit();
    const body = custom({
      callBackUrl: `${receiver.baseUrl}/cb/flow`,
      vocalGender: "m",
      styleWeight: 0.65,
      weirdnessConstraint: 0.65,
      audioWeight: 0.65,
      negativeTags: "Heavy Metal",
    });
    const created = await submit(body);
    expect(created.status).toBe(200);
    expect(created.body).toEqual({
      code: 200,
      msg: "success",
      data: { taskId: expect.stringMatching(/^[0-9a-f]{32}$/) },
    });
    const taskId = created.body.data!.taskId;
    expect(await credit()).toBe(before - 12); // the price is held at submit

    const done = await until(taskId, ["SUCCESS", "GENERATE_AUDIO_FAILED", "CREATE_TASK_FAILED"]);
    expect(done.status).toBe("SUCCESS");
    expect(done).toMatchObject({
      taskId,
      operationType: "upload_extend",
      errorCode: null,
      errorMessage: null,
      expired: false,
    });
    expect(JSON.parse(done.param)).toEqual(body);
    const statuses = ["PENDING", "TEXT_SUCCESS", "FIRST_SUCCESS", "SUCCESS"];
    expect(done.seen.every((s) => statuses.includes(s))).toBe(true);
    expect(done.seen.map((s) => statuses.indexOf(s))).toEqual([...done.seen.map((s) => statuses.indexOf(s))].sort());

    const items = done.response.sunoData;
    expect(items).toHaveLength(2);
    for (const item of items) {
      expect(item).toMatchObject({
        title: "Peaceful Piano Extended",
        tags: "Classical",
        modelName: "V4_5",
        prompt: "",
      });
      expect(item.createTime).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
      const audio = await fetch(item.audioUrl);
      expect(audio.headers.get("content-type")).toBe("audio/mpeg");
      const f = path.join(dir, `${item.id}.mp3`);
      fs.writeFileSync(f, Buffer.from(await audio.arrayBuffer()));
      const measured = await probe(f);
      expect(measured.durationSec).toBeGreaterThan(6); // longer than the upload: it was extended
      expect(Math.abs(measured.durationSec - item.duration)).toBeLessThan(0.2);
      expect((await fetch(item.streamAudioUrl)).status).toBe(200);
      const image = Buffer.from(await (await fetch(item.imageUrl)).arrayBuffer());
      expect(image.subarray(1, 4).toString()).toBe("PNG");
    }
    expect(await credit()).toBe(before - 12);

    // Callbacks: first, then complete, snake_case, signed with the team secret.
    const got = await receiver.waitFor((r) => r.filter((x) => x.path === "/cb/flow").length >= 2);
    const cbs = got.filter((x) => x.path === "/cb/flow");
    expect(cbs.map((c) => (c.json as { data: { callbackType: string } }).data.callbackType)).toEqual([
      "first",
      "complete",
    ]);
    for (const c of cbs) {
      expect(verifySignature(secret, c.headers, c.raw)).toBe(true);
      expect(c.headers["x-mixdesk-event"]).toBe((c.json as { data: { callbackType: string } }).data.callbackType);
      expect(c.headers["content-type"]).toBe("application/json");
    }
    const complete = cbs[1].json as { code: number; msg: string; data: { task_id: string; data: Record[] } };
    expect(complete.code).toBe(200);
    expect(complete.data.task_id).toBe(taskId);
    expect(complete.data.data).toHaveLength(2);
    expect(Object.keys(complete.data.data[0])).toEqual(
      expect.arrayContaining([
        "id",
        "audio_url",
        "stream_audio_url",
        "image_url",
        "prompt",
        "model_name",
        "title",
        "tags",
        "createTime",
        "duration",
      ]),
    );
    expect((cbs[0].json as { data: { data: unknown[] } }).data.data).toHaveLength(1);
    expect(verifySignature("whsec_wrong", cbs[0].headers, cbs[0].raw)).toBe(false);

    // The browser's task page sees the results and the two delivered callbacks.
    const detail = await (await admin.fetch(`/api/music/tasks/${taskId}`)).json();
    expect(detail.task).toMatchObject({ taskId, status: "SUCCESS", cost: 12, price: 12, model: "V4_5", param: body });
    expect(detail.task.results).toHaveLength(2);
    expect(
      detail.task.deliveries.map((d: { event: string; status: string; attempt: number }) => [
        d.event,
        d.status,
        d.attempt,
      ]),
    ).toEqual([
      ["first", "delivered", 1],
      ["complete", "delivered", 1],
    ]);
    const ledger = await (await admin.fetch(`/api/admin/ledger?pageSize=200`)).json();
    const orderNo = (await db.musicTask.findUniqueOrThrow({ where: { taskId }, include: { order: true } })).order
      .orderNo;
    const mine = ledger.entries
      .filter((e: { ref: string }) => e.ref === `order:${orderNo}`)
      .map((e: { kind: string }) => e.kind);
    expect(mine.sort()).toEqual(["capture", "hold"]);
  });

  it("default mode from a browser upload (from-url), with peaks, quote, history and the task page", async () => {
    const up = await admin.fetch("/api/uploads/from-url", {
      method: "POST",
      json: { url: `${fixtures.baseUrl}/mix.mp3` },
    });
    expect(up.status).toBe(201);
    const upload = await up.json();
    expect(upload).toMatchObject({ pathKey: `upload:${upload.id}`, name: "mix.mp3" });
    expect(Math.abs(upload.durationSec - 6)).toBeLessThan(0.2);
    const peaks = await (await admin.fetch(`/api/uploads/${upload.id}/peaks?points=100`)).json();
    expect(peaks.peaks).toHaveLength(100);
    expect(Math.max(...peaks.peaks)).toBeGreaterThan(0.2);
    expect(peaks.peaks.every((p: number) => p >= 0 && p <= 1)).toBe(true);
    expect(fs.existsSync(path.join(dir, "data", "uploads", `${upload.id}.peaks.json`))).toBe(true);

    const quote = await (await admin.fetch("/api/music/quote?model=V5")).json();
    expect(quote).toMatchObject({ price: 12, balance: expect.any(Number) });

    const created = await admin.fetch("/api/music/tasks", {
      method: "POST",
      json: { uploadUrl: upload.pathKey, defaultParamFlag: false, model: "V5", prompt: "Extend with calmer notes" },
    });
    expect(created.status).toBe(201);
    const { taskId } = await created.json();
    const done = await until(taskId, ["SUCCESS", "GENERATE_AUDIO_FAILED", "CREATE_TASK_FAILED"]);
    expect(done.status).toBe("SUCCESS");
    const list = await (await admin.fetch("/api/music/tasks")).json();
    expect(list.tasks[0]).toMatchObject({ taskId, model: "V5", status: "SUCCESS", cost: 12, continueAt: null });
    expect(Math.abs(list.tasks[0].durationSec - 6)).toBeLessThan(0.2);
    const detail = await (await admin.fetch(`/api/music/tasks/${taskId}`)).json();
    expect(detail.task.results[0].downloadUrl).toMatch(/download=1/);
    expect(detail.task.deliveries).toEqual([]);

    const bad = await admin.fetch("/api/music/tasks", {
      method: "POST",
      json: { uploadUrl: upload.pathKey, defaultParamFlag: true, model: "V5", title: "x" },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("content-type")).toBe("application/problem+json");
    expect((await bad.json()).fields).toEqual({ style: "style is required when defaultParamFlag is true" });
  });
});

describe("Music API: OpenAPI description", () => {
  it("documents the three routes, the body's required fields, models, statuses and the signed callback", async () => {
    const doc = await (await fetch(`${server.baseUrl}/api/openapi.json`)).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        "/api/v1/generate/upload-extend",
        "/api/v1/generate/record-info",
        "/api/v1/generate/credit",
      ]),
    );
    const body = doc.paths["/api/v1/generate/upload-extend"].post.requestBody.content["application/json"].schema;
    expect(body.required).toEqual(["uploadUrl", "defaultParamFlag", "model"]);
    expect(body.properties.model.enum).toEqual(expect.arrayContaining(["V3_5", "V4", "V4_5", "V4_5PLUS", "V5"]));
    expect(body.properties.styleWeight).toMatchObject({ minimum: 0, maximum: 1, multipleOf: 0.01 });
    const info = doc.paths["/api/v1/generate/record-info"].get.responses["200"].content["application/json"].schema;
    expect(info.properties.data.properties.status.enum).toEqual(
      expect.arrayContaining(["PENDING", "TEXT_SUCCESS", "FIRST_SUCCESS", "SUCCESS", "CREATE_TASK_FAILED"]),
    );
    expect(info.properties.code.enum).toEqual([200, 400, 401, 404, 405, 413, 429, 430, 455, 500]);
    expect(doc.webhooks.musicCallback.post.description).toMatch(/X-Mixdesk-Signature: v1=/);
  });
});

describe("Music API: validation exactly as the document", () => {
  const cases: [string, object, number, RegExp][] = [
    ["uploadUrl missing (custom)", { uploadUrl: undefined }, 400, /^uploadUrl is required/],
    [
      "uploadUrl missing (default)",
      { uploadUrl: undefined, defaultParamFlag: false, prompt: "p" },
      400,
      /^uploadUrl is required/,
    ],
    ["uploadUrl not a URL", { uploadUrl: "ftp://x/y.mp3" }, 400, /^uploadUrl must be an http\(s\) URL/],
    ["defaultParamFlag missing", { defaultParamFlag: undefined }, 400, /^defaultParamFlag is required/],
    ["model missing", { model: undefined }, 400, /^model is required/],
    ["model unknown", { model: "V2" }, 400, /^model must be one of V3_5, V4, V4_5, V4_5PLUS/],
    ["custom + instrumental needs style", { style: undefined }, 400, /^style is required/],
    ["custom + instrumental needs title", { title: "" }, 400, /^title is required/],
    [
      "custom + vocals needs prompt",
      { instrumental: false },
      400,
      /^prompt is required when defaultParamFlag is true and instrumental is false/,
    ],
    [
      "default needs prompt",
      { defaultParamFlag: false, style: undefined, title: undefined },
      400,
      /^prompt is required when defaultParamFlag is false/,
    ],
    ["continueAt 0", { continueAt: 0 }, 400, /^continueAt must be greater than 0/],
    ["continueAt negative", { continueAt: -5 }, 400, /^continueAt must be greater than 0/],
    ["continueAt a string", { continueAt: "60" }, 400, /^continueAt must be a number/],
    ["styleWeight > 1", { styleWeight: 1.2 }, 400, /^styleWeight must be between 0 and 1/],
    ["weirdnessConstraint < 0", { weirdnessConstraint: -0.01 }, 400, /^weirdnessConstraint must be between 0 and 1/],
    ["audioWeight not a multiple of 0.01", { audioWeight: 0.655 }, 400, /^audioWeight must be a multiple of 0.01/],
    ["vocalGender other", { vocalGender: "x" }, 400, /^vocalGender must be m or f/],
    ["callBackUrl not a URL", { callBackUrl: "not a url" }, 400, /^callBackUrl must be an http\(s\) URL/],
    ["V3_5 title 81", { model: "V3_5", title: "t".repeat(81) }, 413, /^title is too long for V3_5: at most 80/],
    ["V4 style 201", { model: "V4", style: "s".repeat(201) }, 413, /^style is too long for V4: at most 200/],
    [
      "V4 prompt 3001",
      { model: "V4", instrumental: false, prompt: "p".repeat(3001) },
      413,
      /^prompt is too long for V4: at most 3000/,
    ],
    ["V4_5 title 101", { title: "t".repeat(101) }, 413, /^title is too long for V4_5: at most 100/],
    ["V5 style 1001", { model: "V5", style: "s".repeat(1001) }, 413, /^style is too long for V5: at most 1000/],
    [
      "V4_5PLUS prompt 5001",
      { model: "V4_5PLUS", instrumental: false, prompt: "p".repeat(5001) },
      413,
      /^prompt is too long for V4_5PLUS: at most 5000/,
    ],
  ];
  it.each(cases.map(([name, patch, code, msg]) => [name, code, patch, msg] as const))(
    "%s → code %i naming the field",
    async (_name, code, patch, msg) => {
      const before = await credit();
      const r = await submit(custom(patch));
      expect(r.status).toBe(200);
      expect(r.body.code).toBe(code);
      expect(r.body.msg).toMatch(msg);
      expect(r.body.data).toBeNull();
      expect(await credit()).toBe(before);
    },
  );

  it("accepts the limits exactly, 0 and 1 weights, the later model names", async () => {
    const ok = [
      custom({ model: "V3_5", title: "t".repeat(80), style: "s".repeat(200) }),
      custom({
        model: "V4_5PLUS",
        title: "t".repeat(100),
        styleWeight: 0,
        weirdnessConstraint: 1,
        audioWeight: 0.07,
        vocalGender: "f",
      }),
      custom({ model: "V5_5" }),
      custom({ model: "V6" }),
    ];
    for (const body of ok) {
      const r = await submit(body);
      expect(r.body, JSON.stringify(body).slice(0, 80)).toMatchObject({
        code: 200,
        data: { taskId: expect.any(String) },
      });
      await until(r.body.data!.taskId, ["SUCCESS", "GENERATE_AUDIO_FAILED", "CREATE_TASK_FAILED"]);
    }
  });

  it("checks needing the audio answer at submit when it arrives within the probe wait", async () => {
    const before = await credit();
    const cases: [object, RegExp][] = [
      [{ continueAt: 6.5 }, /^continueAt must be less than the audio's length \(6\.\d s\)/],
      [
        { uploadUrl: `${fixtures.baseUrl}/long.mp3`, continueAt: 60 },
        /^uploadUrl: the audio is 49\d\.\d s long; V4_5 accepts at most 8 minutes/,
      ],
      [{ uploadUrl: `${fixtures.baseUrl}/notes.txt` }, /^uploadUrl is not usable audio/],
      [{ uploadUrl: `${fixtures.baseUrl}/status/404` }, /^uploadUrl could not be fetched: The link answered HTTP 404/],
      [
        { uploadUrl: `http://127.0.0.2:${new URL(fixtures.baseUrl).port}/mix.mp3` },
        /^uploadUrl could not be fetched: Refusing to fetch 127\.0\.0\.2/,
      ],
      [{ uploadUrl: "upload:does-not-exist" }, /^uploadUrl refers to an upload that does not exist/],
    ];
    for (const [patch, msg] of cases) {
      const r = await submit(custom(patch));
      expect(r.body.code, JSON.stringify(patch)).toBe(400);
      expect(r.body.msg).toMatch(msg);
    }
    expect(await credit()).toBe(before);
  });

  it("a slow link is accepted and checked by the job: CREATE_TASK_FAILED, error callback, hold released", async () => {
    const before = await credit();
    const r = await submit(
      custom({ uploadUrl: `${slowUrl}/mix.mp3`, continueAt: 10, callBackUrl: `${receiver.baseUrl}/cb/deferred` }),
    );
    expect(r.body.code).toBe(200);
    expect(await credit()).toBe(before - 12);
    const t = await until(r.body.data!.taskId, ["CREATE_TASK_FAILED", "GENERATE_AUDIO_FAILED", "SUCCESS"]);
    expect(t).toMatchObject({
      status: "CREATE_TASK_FAILED",
      errorCode: 400,
      errorMessage: expect.stringMatching(/^continueAt must be less than the audio's length/),
    });
    expect(t.response.sunoData).toEqual([]);
    expect(await credit()).toBe(before);
    const [cb] = (await receiver.waitFor((x) => x.some((c) => c.path === "/cb/deferred"))).filter(
      (c) => c.path === "/cb/deferred",
    );
    expect(cb.json).toEqual({
      code: 400,
      msg: t.errorMessage,
      data: { callbackType: "error", task_id: t.taskId, data: [] },
    });
    expect(verifySignature(secret, cb.headers, cb.raw)).toBe(true);
  });
});

describe("Music API: the code table", () => {
  it("401: missing or invalid key", async () => {
    for (const k of [null, "mxk_not-a-real-key", "sk-other"]) {
      for (const p of ["/api/v1/generate/credit", "/api/v1/generate/record-info?taskId=x"]) {
        const r = await call(p, { key: k });
        expect(r.status).toBe(200);
        expect(r.body).toEqual({ code: 401, msg: k ? "Invalid API Key" : "API Key is required", data: null });
      }
    }
    expect((await submit(custom(), null)).body.code).toBe(401);
  });

  it("404: unknown paths and wrong methods under /api/v1, in the envelope", async () => {
    const cases: [string, string][] = [
      ["GET", "/api/v1/generate/upload-extend"],
      ["POST", "/api/v1/generate/record-info"],
      ["DELETE", "/api/v1/generate/credit"],
      ["POST", "/api/v1/generate/extend"],
      ["GET", "/api/v1/nothing/here"],
    ];
    for (const [method, p] of cases) {
      const r = await call(p, { method, ...(method === "POST" ? { json: {} } : {}) });
      expect(r.status, `${method} ${p}`).toBe(200);
      expect(r.body, `${method} ${p}`).toEqual({
        code: 404,
        msg: "Not found: wrong request method or path",
        data: null,
      });
    }
  });

  it("400 for a body that is not JSON or not an object", async () => {
    expect((await call("/api/v1/generate/upload-extend", { raw: "{not json" })).body).toMatchObject({
      code: 400,
      msg: "Request body is not valid JSON",
    });
    expect((await call("/api/v1/generate/upload-extend", { raw: "[1,2]" })).body).toMatchObject({
      code: 400,
      msg: "Request body must be a JSON object",
    });
  });

  it("429: insufficient credits (nothing held); credit reads the key owner's integer balance", async () => {
    const poor = await newUser(5, "Poor");
    expect(await credit(poor.key)).toBe(5);
    const r = await submit(custom(), poor.key);
    expect(r.body).toEqual({ code: 429, msg: "Insufficient credits: this task needs 12", data: null });
    expect(await credit(poor.key)).toBe(5);
  });

  it("10 concurrent submits with credit for 3: exactly 3 accepted, the rest 429, never overdrawn", async () => {
    const u = await newUser(36, "Burst");
    const results = await Promise.all(Array.from({ length: 10 }, () => submit(custom(), u.key)));
    const codes = results.map((r) => r.body.code).sort();
    expect(codes).toEqual([200, 200, 200, 429, 429, 429, 429, 429, 429, 429]);
    expect(await credit(u.key)).toBe(0);
    for (const r of results.filter((x) => x.body.code === 200)) {
      expect((await until(r.body.data!.taskId, ["SUCCESS", "GENERATE_AUDIO_FAILED"], u.key)).status).toBe("SUCCESS");
    }
    const me = await (await u.client.fetch("/api/me")).json();
    expect(JSON.stringify(me)).toMatch(/"held":0/);
  });

  it("405: the per-key concurrent task limit (admin setting)", async () => {
    await setSettings({ musicMaxConcurrentPerKey: 1 });
    try {
      const u = await newUser(100, "Busy");
      // /stall never answers: the task stays active while its fetch waits.
      const first = await submit(custom({ uploadUrl: `${fixtures.baseUrl}/stall` }), u.key);
      expect(first.body.code).toBe(200);
      const second = await submit(custom(), u.key);
      expect(second.body).toMatchObject({ code: 405, data: null, msg: expect.stringMatching(/limit is 1/) });
      // Another key of another user is not affected.
      expect((await submit(custom())).body.code).toBe(200);
    } finally {
      await setSettings({ musicMaxConcurrentPerKey: 5 });
    }
  });

  it("405 counts per user: a second key and the browser share the owner's allowance; refused before the input is fetched", async () => {
    await setSettings({ musicMaxConcurrentPerKey: 1 });
    try {
      const u = await newUser(100, "Keys");
      const second = (await (await u.client.fetch("/api/keys", { method: "POST", json: { name: "second" } })).json())
        .key as string;
      expect((await submit(custom({ uploadUrl: `${fixtures.baseUrl}/stall` }), u.key)).body.code).toBe(200);
      const held = await credit(second);
      // The slow link answers after 7 s; the refusal does not wait for it.
      const started = Date.now();
      const other = await submit(custom({ uploadUrl: `${slowUrl}/mix.mp3` }), second);
      expect(other.body).toMatchObject({ code: 405, data: null, msg: expect.stringMatching(/limit is 1/) });
      expect(Date.now() - started).toBeLessThan(3000);
      const browser = await u.client.fetch("/api/music/tasks", { method: "POST", json: custom() });
      expect(browser.status).toBe(429);
      expect(browser.headers.get("content-type")).toMatch(/problem\+json/);
      expect(await credit(second)).toBe(held); // nothing more held for the refused ones
    } finally {
      await setSettings({ musicMaxConcurrentPerKey: 5 });
    }
  });

  it("430 counts per user: more keys do not buy more requests, and browser submissions share the budget (429)", async () => {
    const u = await newUser(0, "Many");
    const second = (await (await u.client.fetch("/api/keys", { method: "POST", json: { name: "second" } })).json())
      .key as string;
    await setSettings({ musicRatePerMinute: 4 });
    try {
      const codes = [];
      for (const k of [u.key, u.key, second, second, second])
        codes.push((await call("/api/v1/generate/credit", { key: k })).body.code);
      expect(codes).toEqual([200, 200, 200, 200, 430]);
      const browser = await u.client.fetch("/api/music/tasks", { method: "POST", json: {} });
      expect(browser.status).toBe(429);
      expect(await browser.json()).toMatchObject({
        status: 429,
        detail: "Your call frequency is too high. Please try again later.",
      });
      // Another user is not affected.
      const fresh = await newUser(0, "Fresh");
      expect((await fresh.client.fetch("/api/music/tasks", { method: "POST", json: {} })).status).toBe(400);
    } finally {
      await setSettings({ musicRatePerMinute: 100000 });
    }
  });

  it("430: per-key request rate (admin setting)", async () => {
    const u = await newUser(0, "Chatty");
    await setSettings({ musicRatePerMinute: 3 });
    try {
      const codes = [];
      for (let i = 0; i < 5; i++) codes.push((await call("/api/v1/generate/credit", { key: u.key })).body.code);
      expect(codes).toEqual([200, 200, 200, 430, 430]);
      const r = await call("/api/v1/generate/credit", { key: u.key });
      expect(r.body).toEqual({
        code: 430,
        msg: "Your call frequency is too high. Please try again later.",
        data: null,
      });
    } finally {
      await setSettings({ musicRatePerMinute: 100000 });
    }
    expect((await call("/api/v1/generate/credit", { key: u.key })).body.code).toBe(200);
  });

  it("455: the admin maintenance switch (GET/PUT /api/admin/settings), browser submits too", async () => {
    expect(await (await admin.fetch("/api/admin/settings")).json()).toEqual({
      musicMaintenance: false,
      musicMaxConcurrentPerKey: 5,
      musicRatePerMinute: 100000,
    });
    const plain = await newUser(0, "Plain");
    expect(
      (await plain.client.fetch("/api/admin/settings", { method: "PUT", json: { musicMaintenance: true } })).status,
    ).toBe(403);
    await setSettings({ musicMaintenance: true });
    try {
      for (const r of [await submit(custom()), await call("/api/v1/generate/credit")]) {
        expect(r.body).toEqual({
          code: 455,
          msg: "The Music API is down for maintenance; please try again later",
          data: null,
        });
      }
      const browser = await admin.fetch("/api/music/tasks", { method: "POST", json: custom() });
      expect(browser.status).toBe(503);
    } finally {
      await setSettings({ musicMaintenance: false });
    }
    expect((await call("/api/v1/generate/credit")).body.code).toBe(200);
  });

  it("500: an unexpected failure is logged and answered without a stack", async () => {
    const r = await submit(custom());
    const done = await until(r.body.data!.taskId, ["SUCCESS"]);
    // Corrupt the stored results so building the answer throws.
    await db.musicTask.update({
      where: { taskId: done.taskId },
      data: { results: JSON.stringify([{ id: "x", audio: 5 }]) },
    });
    const broken = await info(done.taskId);
    expect(broken.status).toBe(200);
    expect(broken.body).toEqual({ code: 500, msg: "Internal server error", data: null });
    expect(broken.text).not.toMatch(/at |\.ts|TypeError/);
  });
});

describe("Music API: tasks across teams, retention and retries", () => {
  it("another team's taskId and an unknown taskId are not found (API and browser); Open API order/query does not see it", async () => {
    const r = await submit(custom());
    const taskId = r.body.data!.taskId;
    const other = await newUser(0, "Other");
    expect((await info(taskId, other.key)).body).toEqual({ code: 404, msg: `Task not found: ${taskId}`, data: null });
    expect((await info("0".repeat(32))).body).toMatchObject({ code: 404, data: null });
    expect((await call("/api/v1/generate/record-info")).body).toEqual({
      code: 400,
      msg: "taskId is required",
      data: null,
    });
    expect((await other.client.fetch(`/api/music/tasks/${taskId}`)).status).toBe(404);
    expect((await (await other.client.fetch("/api/music/tasks")).json()).tasks).toEqual([]);
    const { order } = await db.musicTask.findUniqueOrThrow({ where: { taskId }, include: { order: true } });
    const q = await call(`/api/open/v1/order/query?orderNo=${order.orderNo}`);
    expect(q.body).toMatchObject({ code: 400, msg: "Order not found" });
    await until(taskId, ["SUCCESS"]);
  });

  it("after the 14-day retention record-info says the results expired and the files are swept", async () => {
    const r = await submit(custom());
    const done = await until(r.body.data!.taskId, ["SUCCESS"]);
    const old = new Date(Date.now() - 15 * 86_400_000);
    const task = await db.musicTask.findUniqueOrThrow({ where: { taskId: done.taskId } });
    await db.musicTask.update({ where: { id: task.id }, data: { createdAt: old } });
    await db.order.update({ where: { id: task.orderId }, data: { createdAt: old, finishedAt: old } });
    await db.orderFile.updateMany({ where: { orderId: task.orderId }, data: { createdAt: old } });
    const expired = await info(done.taskId);
    expect(expired.body).toMatchObject({
      code: 200,
      data: {
        status: "SUCCESS",
        expired: true,
        errorMessage: "The results of this task were deleted after the 14-day retention period",
        response: { sunoData: [] },
      },
    });
    // The sweeper (every second here) deletes the files.
    // On disk or in the bucket (TEST_STORAGE=s3), wherever the server keeps its files.
    const rel: string = JSON.parse(task.results)[0].audio;
    const stored = async () =>
      (await storedFiles(server, path.join(dir, "data"), path.posix.dirname(rel))).includes(path.posix.basename(rel));
    const end = Date.now() + 20_000;
    while ((await stored()) && Date.now() < end) await new Promise((res) => setTimeout(res, 200));
    expect(await stored()).toBe(false);
  });

  it("callbacks are retried with growing backoff until a 2xx; a receiver that never answers 2xx is given up after 4 attempts", async () => {
    receiver.failNext("/cb/retry", 2);
    receiver.failNext("/cb/down", 99, 503);
    const a = await submit(custom({ callBackUrl: `${receiver.baseUrl}/cb/retry` }));
    const b = await submit(custom({ callBackUrl: `${receiver.baseUrl}/cb/down` }));
    await until(a.body.data!.taskId, ["SUCCESS"]);
    await until(b.body.data!.taskId, ["SUCCESS"]);
    const got = await receiver.waitFor(
      (r) =>
        r.filter((x) => x.path === "/cb/retry" && x.answered === 200).length === 2 &&
        r.filter((x) => x.path === "/cb/down").length === 8,
    );
    // first and complete share the path, so the two 500s may fall on either; group by delivery id.
    const retry = got.filter((x) => x.path === "/cb/retry");
    expect(retry.filter((x) => x.answered === 500)).toHaveLength(2);
    expect(retry.every((x) => verifySignature(secret, x.headers, x.raw))).toBe(true);
    const byDelivery = new Map<string, typeof retry>();
    for (const x of retry)
      byDelivery.set(String(x.headers["x-mixdesk-delivery"]), [
        ...(byDelivery.get(String(x.headers["x-mixdesk-delivery"])) ?? []),
        x,
      ]);
    expect(byDelivery.size).toBe(2);
    for (const attempts of byDelivery.values()) {
      expect(attempts.at(-1)!.answered).toBe(200);
      expect(new Set(attempts.map((x) => x.raw)).size).toBe(1); // the same body every attempt, freshly signed
      // Backoff 0.3 s, then 0.6 s.
      if (attempts.length >= 2) expect(attempts[1].at - attempts[0].at).toBeGreaterThanOrEqual(250);
      if (attempts.length >= 3) expect(attempts[2].at - attempts[1].at).toBeGreaterThanOrEqual(550);
    }

    const detailA = await (await admin.fetch(`/api/music/tasks/${a.body.data!.taskId}`)).json();
    const deliveries = detailA.task.deliveries as { event: string; status: string; attempt: number; id: string }[];
    expect(deliveries.map((d) => [d.event, d.status])).toEqual([
      ["first", "delivered"],
      ["complete", "delivered"],
    ]);
    expect(deliveries.map((d) => d.attempt)).toEqual(deliveries.map((d) => byDelivery.get(d.id)!.length));
    expect(deliveries[0].attempt + deliveries[1].attempt).toBe(4);
    await new Promise((res) => setTimeout(res, 500));
    const detailB = await (await admin.fetch(`/api/music/tasks/${b.body.data!.taskId}`)).json();
    for (const d of detailB.task.deliveries) {
      expect(d).toMatchObject({
        status: "failed",
        attempt: 4,
        responseStatus: 503,
        error: "The receiver answered HTTP 503",
        nextAttemptAt: null,
      });
    }
    // The task itself stays a success: its results do not depend on the receiver.
    expect(detailB.task.status).toBe("SUCCESS");
  });
});
