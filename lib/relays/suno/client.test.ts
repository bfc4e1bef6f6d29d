// The Suno-style client against the loopback fake written from the upstream's documents: what it
// sends, how it reads record-info and callbacks (status mapping of suno-extend.md §7), how each
// failure is sorted (the route's next move depends on it), and that the key never leaks.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { parseSunoCallback, sunoAdapter, sunoConnectionTest, sunoUrl } from "@/lib/relays/suno/client";
import { type UpstreamCreds, UpstreamError } from "@/lib/relays/types";
import { type FakeSuno, startFakeSuno } from "@/test/helpers/fake-suno";
import { type FixtureServer, makeTone, serveFixtures } from "@/test/helpers/media";
import { type Receiver, startReceiver } from "@/test/helpers/receiver";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-suno-client-"));
let fake: FakeSuno;
let fixtures: FixtureServer;
let receiver: Receiver;
let creds: UpstreamCreds;
const signal = () => AbortSignal.timeout(20_000);

beforeAll(async () => {
  makeTone(path.join(dir, "song.mp3"), 6);
  fixtures = await serveFixtures(dir);
  receiver = await startReceiver();
  fake = await startFakeSuno();
  creds = { baseUrl: fake.baseUrl, apiKey: fake.apiKey };
});
afterAll(async () => {
  await fake.close();
  await receiver.close();
  await fixtures.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  Object.assign(fake.knobs, {
    credits: 1000,
    fail5xx: 0,
    failCode: null,
    hang: false,
    stepMs: 0,
    outcome: "SUCCESS",
    callbacks: "all",
    callbackRepeat: 1,
  });
});

const request = (extra: Record<string, unknown> = {}) => ({
  orderType: "upload-extend",
  inputUrl: `${fixtures.baseUrl}/song.mp3`,
  callbackUrl: `${receiver.baseUrl}/cb/${Math.random().toString(36).slice(2)}`,
  params: {
    uploadUrl: "https://user.example/ignored.mp3",
    defaultParamFlag: true,
    instrumental: true,
    model: "V4_5",
    style: "Classical",
    title: "Peaceful Piano Extended",
    continueAt: 3,
    callBackUrl: "https://user.example/their-own-callback",
    ...extra,
  },
});

async function failure(p: Promise<unknown>): Promise<UpstreamError> {
  const e = await p.then(
    () => null,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(UpstreamError);
  return e as UpstreamError;
}

describe("submit and poll", () => {
  it("sends the Music API body with Mixdesk's input link and callback, the key only as a Bearer header", async () => {
    const req = request();
    const { taskId } = await sunoAdapter.submit(creds, req, signal());
    const sent = fake.creates.at(-1) as Record<string, unknown>;
    expect(sent).toMatchObject({
      uploadUrl: req.inputUrl,
      callBackUrl: req.callbackUrl,
      defaultParamFlag: true,
      instrumental: true,
      model: "V4_5",
      style: "Classical",
      title: "Peaceful Piano Extended",
      continueAt: 3,
    });
    const last = fake.requests.at(-1);
    expect(last?.authorization).toBe(`Bearer ${fake.apiKey}`);
    expect(last?.url).not.toContain(fake.apiKey);
    expect(fake.tasks.get(taskId)).toBeTruthy();
  });

  it("walks PENDING → TEXT_SUCCESS → FIRST_SUCCESS → SUCCESS, ending with both variants' audio and covers", async () => {
    fake.knobs.callbacks = "none";
    const { taskId } = await sunoAdapter.submit(creds, request(), signal());
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await sunoAdapter.poll(creds, taskId, signal()));
    expect(seen.map((s) => [s.status, s.raw])).toEqual([
      ["queued", "PENDING"],
      ["running", "TEXT_SUCCESS"],
      ["running", "FIRST_SUCCESS"],
      ["succeeded", "SUCCESS"],
    ]);
    const done = seen[3];
    expect(done.files.map((f) => f.business).sort()).toEqual(["audio", "audio", "cover", "cover"]);
    const variants = new Set(done.files.map((f) => f.variant?.id));
    expect(variants.size).toBe(2);
    for (const f of done.files) {
      const res = await fetch(f.url);
      expect(res.status).toBe(200);
      expect(f.name).toMatch(f.business === "audio" ? /\.mp3$/ : /\.jpeg$/);
    }
    expect(done.files.find((f) => f.business === "audio")?.variant).toMatchObject({
      title: "Peaceful Piano Extended",
      duration: 4,
    });
  });

  it("maps the documented failure statuses to a failed state with the upstream's reason", async () => {
    fake.knobs.callbacks = "none";
    fake.knobs.outcome = "SENSITIVE_WORD_ERROR";
    const { taskId } = await sunoAdapter.submit(creds, request(), signal());
    await fake.finish(taskId);
    const state = await sunoAdapter.poll(creds, taskId, signal());
    expect(state).toMatchObject({
      status: "failed",
      raw: "SENSITIVE_WORD_ERROR",
      reason: "Lyrics contain sensitive words",
    });

    fake.knobs.outcome = "GENERATE_AUDIO_FAILED";
    const second = await sunoAdapter.submit(creds, request(), signal());
    await fake.finish(second.taskId);
    expect(await sunoAdapter.poll(creds, second.taskId, signal())).toMatchObject({
      status: "failed",
      raw: "GENERATE_AUDIO_FAILED",
    });
  });

  it("treats CALLBACK_EXCEPTION with finished audio as success (only the upstream's callback broke)", async () => {
    fake.knobs.outcome = "CALLBACK_EXCEPTION";
    const { taskId } = await sunoAdapter.submit(creds, request(), signal());
    await fake.finish(taskId);
    const state = await sunoAdapter.poll(creds, taskId, signal());
    expect(state.status).toBe("succeeded");
    expect(state.raw).toBe("CALLBACK_EXCEPTION");
    expect(state.files.filter((f) => f.business === "audio")).toHaveLength(2);
  });

  it("an id the upstream does not know is not_found", async () => {
    const e = await failure(sunoAdapter.poll(creds, "0123456789abcdef", signal()));
    expect(e.kind).toBe("not_found");
  });
});

describe("failures are sorted for the route", () => {
  it("a refused key is auth, and neither the message nor the error carries the key", async () => {
    const wrong = { ...creds, apiKey: "sk-wrong-key-that-must-not-leak" };
    const e = await failure(sunoAdapter.submit(wrong, request(), signal()));
    expect(e.kind).toBe("auth");
    expect(JSON.stringify({ m: e.message, s: e.stack })).not.toContain("sk-wrong-key-that-must-not-leak");
    expect((await failure(sunoConnectionTest(wrong, signal()))).kind).toBe("auth");
  });

  it("HTTP 5xx, maintenance (455) and throttling (430) are unavailable: retried, then the route falls back", async () => {
    fake.knobs.fail5xx = 1;
    const a = await failure(sunoAdapter.submit(creds, request(), signal()));
    expect([a.kind, a.httpStatus]).toEqual(["unavailable", 500]);
    fake.knobs.failCode = { code: 455, msg: "System maintenance", count: 1 };
    expect((await failure(sunoAdapter.submit(creds, request(), signal()))).kind).toBe("unavailable");
    fake.knobs.failCode = { code: 430, msg: "Your call frequency is too high. Please try again later.", count: 1 };
    expect((await failure(sunoAdapter.submit(creds, request(), signal()))).kind).toBe("unavailable");
  });

  it("a closed port is unavailable", async () => {
    const e = await failure(sunoAdapter.submit({ ...creds, baseUrl: "http://127.0.0.1:9" }, request(), signal()));
    expect(e.kind).toBe("unavailable");
  });

  it("code 429 (sunoapi.org: credits insufficient) is insufficient_balance; kie's 402 too", async () => {
    fake.knobs.credits = 5;
    const e = await failure(sunoAdapter.submit(creds, request(), signal()));
    expect(e.kind).toBe("insufficient_balance");
    fake.knobs.credits = 1000;
    fake.knobs.failCode = { code: 402, msg: "Insufficient credits", count: 1 };
    expect((await failure(sunoAdapter.submit(creds, request(), signal()))).kind).toBe("insufficient_balance");
    // kie.ai's 429 is a rate limit, and says so.
    fake.knobs.failCode = { code: 429, msg: "Rate limited: too many requests", count: 1 };
    expect((await failure(sunoAdapter.submit(creds, request(), signal()))).kind).toBe("unavailable");
  });

  it("bad input (code 400) is bad_request carrying the upstream's reason", async () => {
    const e = await failure(sunoAdapter.submit(creds, request({ style: undefined }), signal()));
    expect(e.kind).toBe("bad_request");
    expect(e.message).toBe("style is required in custom mode");
  });
});

describe("callbacks", () => {
  it("reads the upstream's real callbacks: text and first are progress, complete carries both variants", async () => {
    const req = request();
    const { taskId } = await sunoAdapter.submit(creds, req, signal());
    await fake.finish(taskId);
    const mine = await receiver.waitFor((r) => r.filter((x) => req.callbackUrl.endsWith(x.path)).length >= 3, 10_000);
    const parsed = mine.filter((x) => req.callbackUrl.endsWith(x.path)).map((x) => parseSunoCallback(x.json));
    expect(parsed.map((p) => [p?.taskId, p?.state.status, p?.state.raw])).toEqual([
      [taskId, "running", "TEXT_SUCCESS"],
      [taskId, "running", "FIRST_SUCCESS"],
      [taskId, "succeeded", "SUCCESS"],
    ]);
    const done = parsed[2]!.state;
    expect(done.files.filter((f) => f.business === "audio")).toHaveLength(2);
    expect(done.files.filter((f) => f.business === "cover")).toHaveLength(2);
  });

  it("a failure callback is a failed state with the upstream's message; a body naming no task is unusable", async () => {
    fake.knobs.outcome = "SENSITIVE_WORD_ERROR";
    fake.knobs.callbacks = "complete";
    const req = request();
    const { taskId } = await sunoAdapter.submit(creds, req, signal());
    await fake.finish(taskId);
    const got = await receiver.waitFor((r) => r.some((x) => req.callbackUrl.endsWith(x.path)), 10_000);
    const body = got.find((x) => req.callbackUrl.endsWith(x.path))?.json;
    expect(parseSunoCallback(body)).toMatchObject({
      taskId,
      state: { status: "failed", reason: "Lyrics contain sensitive words" },
    });
    expect(parseSunoCallback({ code: 200, data: { callbackType: "complete", data: [] } })).toBeNull();
    expect(parseSunoCallback("nonsense")).toBeNull();
    expect(parseSunoCallback({ code: 200, data: { callbackType: "sideways", task_id: "x" } })).toBeNull();
  });
});

describe("connection test and URLs", () => {
  it("reads the credit endpoint as the balance", async () => {
    fake.knobs.credits = 777;
    expect(await sunoConnectionTest(creds, signal())).toEqual({ balance: 777 });
  });

  it("accepts a base URL with or without /api/v1", () => {
    expect(sunoUrl("https://api.sunoapi.org", "generate/credit")).toBe(
      "https://api.sunoapi.org/api/v1/generate/credit",
    );
    expect(sunoUrl("https://api.kie.ai/api/v1/", "generate/credit")).toBe("https://api.kie.ai/api/v1/generate/credit");
  });
});
