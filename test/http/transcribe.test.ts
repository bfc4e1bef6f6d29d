// extract-text over real HTTP: the admin's transcription settings (GET/PUT /api/admin/transcribe,
// the key never shown again), and Open API orders on a subtitled mp4 and on speech sent to a fake
// OpenAI-compatible server, with the transcript inline in the query answer and the four files.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeOpenAI, startFakeOpenAI } from "@/test/helpers/fake-openai";
import { type FixtureServer, serveFixtures } from "@/test/helpers/media";
import { startServer, type TestServer } from "@/test/helpers/server";
import { expectValidSrt } from "@/test/helpers/subtitles";
import { makeBursts, makeSubtitledVideo, writeSrt } from "@/test/helpers/transcribe-media";
import { Client } from "@/test/http/client";

let server: TestServer;
let fixtures: FixtureServer;
let fake: FakeOpenAI;
let admin: Client;
let key: string;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-http-text-"));
const OPENAI_KEY = "sk-http-test-key-abcdef";

type Query = {
  status: string;
  cost: number;
  reason: string | null;
  text?: string;
  stuffs: { name: string; business: string; url: string }[];
};

async function open<T>(p: string, json?: unknown) {
  const res = await fetch(`${server.baseUrl}${p}`, {
    method: json === undefined ? "GET" : "POST",
    headers: { authorization: `Bearer ${key}`, ...(json === undefined ? {} : { "content-type": "application/json" }) },
    body: json === undefined ? undefined : JSON.stringify(json),
  });
  return (await res.json()) as { code: number; data: T; msg: string };
}

async function order(file: string): Promise<Query> {
  const c = await open<{ orderNo: string }>("/api/open/v1/order/create", {
    orderType: "extract-text",
    stuff: { pathKey: `${fixtures.baseUrl}/${file}` },
  });
  expect(c.code).toBe(0);
  const end = Date.now() + 90_000;
  for (;;) {
    const q = await open<Query>(`/api/open/v1/order/query?orderNo=${c.data.orderNo}`);
    if (q.data.status === "finish" || q.data.status === "failed") return q.data;
    if (Date.now() > end) throw new Error(`order still ${q.data.status}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

beforeAll(async () => {
  writeSrt(path.join(dir, "cues.srt"), [
    { start: 0.5, end: 2, text: "Hello from the subtitles." },
    { start: 2.5, end: 4, text: "字幕里的中文。" },
  ]);
  makeSubtitledVideo(path.join(dir, "subbed.mp4"), path.join(dir, "cues.srt"), 5, "mov_text");
  makeBursts(path.join(dir, "talk.wav"), [[0.5, 3.5]], 4);
  fixtures = await serveFixtures(dir);
  fake = await startFakeOpenAI({ apiKey: OPENAI_KEY });
  server = await startServer({
    env: {
      FETCH_ALLOW_HOSTS: "127.0.0.1",
      DATA_DIR: path.join(dir, "data"),
      JOBS_POLL_MS: "200",
      TRANSCRIBE_ENGINES: "subtitles,openai",
    },
  });
  admin = new Client(server.baseUrl);
  const { id } = await admin.signUp({
    email: `t-${randomUUID().slice(0, 6)}@example.com`,
    name: "T",
    password: "a long password 1",
  });
  await admin.fetch(`/api/admin/users/${id}/credits`, {
    method: "POST",
    json: { amount: 100, reason: "test credits" },
  });
  key = (await (await admin.fetch("/api/keys", { method: "POST", json: { name: "text" } })).json()).key;
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await fixtures?.close();
  await fake?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("extract-text over HTTP", () => {
  it("reads the embedded subtitles of an mp4: four stuffs, the text inline, charged 5 + 3 × 1 minute", async () => {
    const q = await order("subbed.mp4");
    expect(q).toMatchObject({ status: "finish", cost: 8, reason: null });
    expect(q.text).toBe("Hello from the subtitles.\n字幕里的中文。\n");
    const srt = q.stuffs.find((s) => s.business === "srt");
    expect(q.stuffs.map((s) => s.business).sort()).toEqual(["srt", "text", "transcript", "vtt"]);
    const body = await (await fetch(srt!.url)).text();
    expect(expectValidSrt(body).map((c) => c.text)).toEqual(["Hello from the subtitles.", "字幕里的中文。"]);
  });

  it("admin settings: the key is stored and never shown, bad values are refused, members are turned away", async () => {
    const empty = await (await admin.fetch("/api/admin/transcribe")).json();
    expect(empty).toMatchObject({ baseUrl: null, apiKeySet: false, effective: { baseUrl: null, model: "whisper-1" } });
    const bad = await admin.fetch("/api/admin/transcribe", { method: "PUT", json: { baseUrl: "ftp://x" } });
    expect(bad.status).toBe(400);
    const put = await admin.fetch("/api/admin/transcribe", {
      method: "PUT",
      json: { baseUrl: fake.baseUrl, apiKey: OPENAI_KEY, model: "large-v3" },
    });
    expect(put.status).toBe(200);
    const text = await put.text();
    expect(text).not.toContain(OPENAI_KEY);
    expect(JSON.parse(text)).toMatchObject({
      baseUrl: fake.baseUrl,
      apiKeySet: true,
      apiKeyHint: "…cdef",
      model: "large-v3",
    });
    const member = new Client(server.baseUrl);
    await member.signUp({
      email: `m-${randomUUID().slice(0, 6)}@example.com`,
      name: "M",
      password: "a long password 1",
    });
    expect((await member.fetch("/api/admin/transcribe")).status).toBe(403);
  });

  it("sends speech to the configured server with the saved key, and answers its transcript", async () => {
    const q = await order("talk.wav");
    expect(q).toMatchObject({ status: "finish", cost: 8 });
    expect(q.text).toBe("piece of 4.0 seconds\n");
    expect(fake.requests.at(-1)).toMatchObject({
      headers: { authorization: `Bearer ${OPENAI_KEY}` },
      fields: { model: ["large-v3"], response_format: ["verbose_json"] },
    });
    const json = await (await fetch(q.stuffs.find((s) => s.business === "transcript")!.url)).json();
    expect(json).toMatchObject({ version: 1, engine: "openai:large-v3", language: "en", durationSec: 4 });
  });
});
