// An OpenAI-compatible transcription server as an extract-text route step: the step engine built
// from the upstream row (its base URL, sealed key and model; not the admin's Transcription
// settings), its failures sorted for the route, health rows, and the connection test (GET
// /v1/models). Real ffmpeg, the loopback fake server.
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { verifyLedger } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { modelsUrl, openaiConnectionTest, openaiTranscribeEngine } from "@/lib/relays/openai/engine";
import { keyHint, sealKey } from "@/lib/relays/crypto";
import { UpstreamError } from "@/lib/relays/types";
import { transcribeConfig } from "@/lib/transcripts/settings";
import { type FakeOpenAI, openaiError, startFakeOpenAI } from "@/test/helpers/fake-openai";
import { type FixtureServer, serveFixtures } from "@/test/helpers/media";
import { actorWithCredits, balances, route, runOrder } from "@/test/helpers/relays";
import { engineContext, makeBursts } from "@/test/helpers/transcribe-media";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-relay-openai-"));
const KEY = "sk-relay-upstream-key-0123456789";
vi.stubEnv("DATA_DIR", path.join(dir, "data"));
vi.stubEnv("RELAY_MASTER_KEY", randomBytes(32).toString("hex"));
vi.stubEnv("TRANSCRIBE_MAX_ATTEMPTS", "2");
const LOCAL_KEY = "sk-admin-settings-key-not-this-one";

let fixtures: FixtureServer | undefined;
let fake: FakeOpenAI;
/** The server of the admin's own Transcription settings: the local chain's, never the step's. */
let local: FakeOpenAI;
const talk = path.join(dir, "talk.wav");

async function upstream(model: string | null = "whisper-large-v3", baseUrl?: string) {
  return db.upstream.create({
    data: {
      name: `whisper-${randomBytes(3).toString("hex")}`,
      kind: "openai-transcribe",
      baseUrl: baseUrl ?? fake.baseUrl,
      keyCipher: sealKey(KEY),
      keyHint: keyHint(KEY),
      model,
    },
  });
}

async function failure(p: Promise<unknown>): Promise<UpstreamError> {
  const e = await p.then(
    () => null,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(UpstreamError);
  return e as UpstreamError;
}

beforeAll(async () => {
  makeBursts(talk, [[1, 8]], 10);
  fake = await startFakeOpenAI({ apiKey: KEY, models: ["whisper-1", "whisper-large-v3"] });
  local = await startFakeOpenAI({ apiKey: LOCAL_KEY });
  vi.stubEnv("FETCH_ALLOW_HOSTS", "127.0.0.1");
  vi.stubEnv("TRANSCRIBE_ENGINES", "openai");
  vi.stubEnv("TRANSCRIBE_BASE_URL", local.baseUrl);
  vi.stubEnv("TRANSCRIBE_API_KEY", LOCAL_KEY);
});
afterAll(async () => {
  await fake.close();
  await local.close();
  await fixtures?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  fake.respond = () => "default";
});

describe("the openai-transcribe step engine", () => {
  it("transcribes with the upstream's URL, key and model into the four transcript files", async () => {
    const up = await upstream();
    const engine = openaiTranscribeEngine(up);
    expect(engine.name).toBe(`relay:${up.name}`);
    const out = path.join(dir, "out-ok");
    const files = await engine.run(engineContext(talk, out, 10));
    expect(files.map((f) => f.name).sort()).toEqual([
      "subtitles.srt",
      "subtitles.vtt",
      "transcript.json",
      "transcript.txt",
    ]);
    expect(fs.readFileSync(path.join(out, "transcript.txt"), "utf8")).toMatch(/^piece of 10\.0 seconds/);
    const transcript = JSON.parse(fs.readFileSync(path.join(out, "transcript.json"), "utf8"));
    expect(transcript.engine).toBe("openai:whisper-large-v3");
    const sent = fake.requests.at(-1);
    expect(sent?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(sent?.fields.model).toEqual(["whisper-large-v3"]);
    expect(await db.upstreamCall.count({ where: { upstreamId: up.id, op: "transcribe", ok: true } })).toBe(1);
    // The admin's Transcription settings were not used by the step.
    expect((await transcribeConfig()).baseUrl).toBe(local.baseUrl);
    expect(local.requests).toHaveLength(0);
  });

  it("a refused key is auth, a failing server unavailable (both send the order down the route), and the key never shows", async () => {
    const up = await upstream();
    fake.respond = () => openaiError(401, `Incorrect API key provided: ${KEY}`, "invalid_api_key");
    const auth = await failure(openaiTranscribeEngine(up).run(engineContext(talk, path.join(dir, "out-401"), 10)));
    expect(auth.kind).toBe("auth");
    expect(auth.message).not.toContain(KEY);

    fake.respond = () => openaiError(503, "overloaded", "server_error");
    const down = await failure(openaiTranscribeEngine(up).run(engineContext(talk, path.join(dir, "out-503"), 10)));
    expect(down.kind).toBe("unavailable");

    fake.respond = () => openaiError(400, "model not found: whisper-large-v3");
    const misconfigured = await failure(
      openaiTranscribeEngine(up).run(engineContext(talk, path.join(dir, "out-400"), 10)),
    );
    expect(misconfigured.kind).toBe("unavailable");

    const row = await db.upstream.findUniqueOrThrow({ where: { id: up.id } });
    expect(row.lastError).toBeTruthy();
    expect(row.lastError).not.toContain(KEY);
    expect(await db.upstreamCall.count({ where: { upstreamId: up.id, ok: false } })).toBe(3);
  });

  it("a server that hears nothing hands over to the next step", async () => {
    const up = await upstream();
    fake.respond = () => ({ status: 200, json: { task: "transcribe", language: "english", text: "", segments: [] } });
    const e = await failure(openaiTranscribeEngine(up).run(engineContext(talk, path.join(dir, "out-empty"), 10)));
    expect(e.kind).toBe("unavailable");
  });

  it("without a model on the row, whisper-1 is asked for", async () => {
    const up = await upstream(null);
    await openaiTranscribeEngine(up).run(engineContext(talk, path.join(dir, "out-default"), 10));
    expect(fake.requests.at(-1)?.fields.model).toEqual(["whisper-1"]);
  });
});

describe("openaiConnectionTest", () => {
  const creds = (extra: object = {}) => ({ baseUrl: fake.baseUrl, apiKey: KEY, model: "whisper-large-v3", ...extra });
  const signal = () => AbortSignal.timeout(10_000);

  it("GET /v1/models with the key: no balance to report", async () => {
    expect(await openaiConnectionTest(creds(), signal())).toEqual({ balance: null });
    expect(await openaiConnectionTest(creds({ baseUrl: fake.baseUrl.replace(/\/v1$/, "") }), signal())).toEqual({
      balance: null,
    });
  });

  it("a wrong key is auth; a model the server does not list is named; a dead server is unavailable", async () => {
    expect((await failure(openaiConnectionTest(creds({ apiKey: "sk-wrong-0000000000" }), signal()))).kind).toBe("auth");
    const model = await failure(openaiConnectionTest(creds({ model: "whisper-typo" }), signal()));
    expect(model.kind).toBe("bad_request");
    expect(model.message).toContain("whisper-typo");
    expect((await failure(openaiConnectionTest(creds({ baseUrl: "http://127.0.0.1:9/v1" }), signal()))).kind).toBe(
      "unavailable",
    );
  });

  it("a server without a model list (whisper.cpp) is tested with an empty upload instead", async () => {
    const bare = await startFakeOpenAI({ apiKey: KEY, models: null });
    try {
      const c = { baseUrl: bare.baseUrl, apiKey: KEY, model: "whisper-1" };
      expect(await openaiConnectionTest(c, signal())).toEqual({ balance: null });
      expect(bare.requests.at(-1)?.file).toBeNull(); // no audio was sent
      expect((await failure(openaiConnectionTest({ ...c, apiKey: "sk-wrong-0000000000" }, signal()))).kind).toBe(
        "auth",
      );
      const wrongPath = await failure(openaiConnectionTest({ ...c, baseUrl: `${bare.baseUrl}/nowhere` }, signal()));
      expect(wrongPath.kind).toBe("unavailable");
      expect(wrongPath.message).toMatch(/check the base URL/);
    } finally {
      await bare.close();
    }
  });

  it("builds the models URL whether the base ends in /v1 or not", () => {
    expect(modelsUrl("http://h:8000")).toBe("http://h:8000/v1/models");
    expect(modelsUrl("https://api.openai.com/v1/")).toBe("https://api.openai.com/v1/models");
  });
});

describe("extract-text orders routed to the upstream", () => {
  it("finish through the upstream (Order.engine names it) and fall back to the local chain when it is down", async () => {
    const up = await upstream();
    await route("extract-text", [`upstream:${up.id}`, "local"]);
    fixtures ??= await serveFixtures(dir);
    const actor = await actorWithCredits(100);
    const relayed = await runOrder(actor, "extract-text", `${fixtures.baseUrl}/talk.wav`);
    expect(relayed.order.status).toBe("finish");
    expect(relayed.order.engine).toBe(`relay:${up.name}`);
    expect((relayed.view as { text?: string }).text).toMatch(/^piece of 10\.0 seconds/);
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(local.requests).toHaveLength(0);

    fake.respond = () => openaiError(503, "overloaded", "server_error");
    const fallback = await runOrder(actor, "extract-text", `${fixtures.baseUrl}/talk.wav`);
    expect(fallback.order.status).toBe("finish");
    expect(fallback.order.engine).not.toBe(`relay:${up.name}`);
    expect(local.requests.at(-1)?.headers.authorization).toBe(`Bearer ${LOCAL_KEY}`);
    const b = await balances(actor.userId);
    expect(b.held).toBe(0);
    expect(b.balance).toBe(100 - relayed.view.cost - fallback.view.cost);
    expect(relayed.view.cost).toBeGreaterThan(0);
    expect((await verifyLedger()).mismatches).toEqual([]);
  });
});
