// extract-text orders end to end in the job runner: real database, real ffmpeg, the fake
// OpenAI-compatible server. Charged per started minute only on success, the hold released on
// failure; the admin's key stored encrypted and sent; the transcript inline in the order query.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { grant, verifyLedger } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { startRunner } from "@/lib/jobs/embedded";
import { runnerOptionsFromEnv } from "@/lib/jobs/runner";
import { createOrder, queryOrder } from "@/lib/orders/service";
import { priceOf } from "@/lib/orders/pricing";
import { getTranscribeSettings, transcribeConfig, updateTranscribeSettings } from "@/lib/transcripts/settings";
import { signUp } from "@/lib/users/service";
import { type FakeOpenAI, openaiError, startFakeOpenAI } from "@/test/helpers/fake-openai";
import { type FixtureServer, serveFixtures } from "@/test/helpers/media";
import { stubScaledModes } from "@/test/helpers/scaled";
import { makeBursts } from "@/test/helpers/transcribe-media";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-text-order-"));
let fixtures: FixtureServer;
let fake: FakeOpenAI;
const KEY = "sk-admin-saved-key-0123456789";

let unstubModes: () => Promise<void> = async () => {};
beforeAll(async () => {
  unstubModes = await stubScaledModes();
  vi.stubEnv("DATA_DIR", path.join(dir, "data"));
  vi.stubEnv("FETCH_ALLOW_HOSTS", "127.0.0.1");
  vi.stubEnv("TRANSCRIBE_ENGINES", "subtitles,openai");
  // 70 s: two started minutes.
  makeBursts(
    path.join(dir, "talk.wav"),
    [
      [1, 30],
      [31, 69],
    ],
    70,
  );
  fixtures = await serveFixtures(dir);
  fake = await startFakeOpenAI({ apiKey: KEY });
});
afterAll(async () => {
  await unstubModes();
  await fake.close();
  await fixtures.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function actorWithCredits(amount: number) {
  const user = await signUp({
    email: `text-${randomUUID().slice(0, 6)}@example.com`,
    name: "Text",
    password: "a long password 1",
  });
  const teamId = (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId;
  await grant({ userId: user.id, amount, idempotencyKey: `seed:${user.id}` });
  return { userId: user.id, teamId };
}

async function runOrder(actor: { userId: string; teamId: string }) {
  const { orderNo } = await createOrder(actor, {
    orderType: "extract-text",
    stuff: { pathKey: `${fixtures.baseUrl}/talk.wav` },
  });
  // The scaled stage runs it on a BullMQ QueueWorker (test/helpers/scaled.ts), else the polling runner.
  const runner = startRunner({ ...runnerOptionsFromEnv({}), pollMs: 100, maxAttempts: 1 });
  try {
    const end = Date.now() + 60_000;
    for (;;) {
      const o = await db.order.findUniqueOrThrow({ where: { orderNo } });
      if (o.status === "finish" || o.status === "failed") break;
      if (Date.now() > end) throw new Error(`order stuck in ${o.status}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  } finally {
    await runner.stop();
  }
  return queryOrder(actor, orderNo);
}

const balance = (userId: string) =>
  db.user.findUniqueOrThrow({ where: { id: userId }, select: { balance: true, held: true } });

describe("extract-text orders", () => {
  it("keeps the admin's API key encrypted at rest and sends it; env fills what the admin left unset", async () => {
    const admin = await signUp({
      email: `adm-${randomUUID().slice(0, 6)}@example.com`,
      name: "A",
      password: "a long password 1",
    });
    vi.stubEnv("TRANSCRIBE_MODEL", "whisper-large-v3");
    const view = await updateTranscribeSettings(admin.id, { baseUrl: fake.baseUrl, apiKey: KEY, language: "EN" });
    expect(view).toMatchObject({
      baseUrl: fake.baseUrl,
      apiKeySet: true,
      apiKeyHint: "…6789",
      language: "en",
      model: null,
    });
    expect(view.effective).toMatchObject({
      model: "whisper-large-v3",
      apiKeySet: true,
      engines: ["subtitles", "openai"],
    });
    expect(JSON.stringify(view)).not.toContain(KEY);
    const rows = await db.setting.findMany({ where: { key: { startsWith: "transcribe" } } });
    expect(rows.map((r) => r.value).join("\n")).not.toContain(KEY);
    expect((await transcribeConfig()).apiKey).toBe(KEY);
    // null removes a stored value; absent keeps it.
    await updateTranscribeSettings(admin.id, { language: null });
    expect(await getTranscribeSettings()).toMatchObject({ language: null, apiKeySet: true });
  });

  it("finishes with the four files, charges base + per started minute on the first query, and answers the text inline", async () => {
    const actor = await actorWithCredits(100);
    const price = await priceOf("extract-text");
    const q = await runOrder(actor);
    expect(q).toMatchObject({
      status: "finish",
      payStatus: "paid",
      cost: price.baseCredits + 2 * price.perMinuteCredits,
    });
    expect(q.stuffs.map((s) => [s.name, s.business]).sort()).toEqual([
      ["subtitles.srt", "srt"],
      ["subtitles.vtt", "vtt"],
      ["transcript.json", "transcript"],
      ["transcript.txt", "text"],
    ]);
    expect((q as { text?: string }).text).toMatch(/^piece of 70\.0 seconds\n$/);
    expect(fake.requests.at(-1)?.headers.authorization).toBe(`Bearer ${KEY}`);
    expect(fake.requests.at(-1)?.fields.model).toEqual(["whisper-large-v3"]);
    expect(await balance(actor.userId)).toEqual({ balance: 100 - q.cost, held: 0 });
  });

  it("a refused key fails the order uncharged, the hold released, with a reason naming where to set the key", async () => {
    const actor = await actorWithCredits(100);
    fake.respond = () => openaiError(401, "Incorrect API key provided", "invalid_api_key");
    const q = await runOrder(actor);
    expect(q).toMatchObject({ status: "failed", cost: 0, stuffs: [] });
    expect(q.reason).toMatch(/refused the API key \(HTTP 401.*admin settings page/);
    expect("text" in q).toBe(false);
    expect(await balance(actor.userId)).toEqual({ balance: 100, held: 0 });
    expect((await verifyLedger()).mismatches).toEqual([]);
  });
});
