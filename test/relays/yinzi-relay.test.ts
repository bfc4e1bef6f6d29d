// track-separation relayed to YinziAI end to end in the job runner: real database, real ffmpeg,
// the fake YinziAI on loopback. The stems are copied into storage and ffprobed; the user pays
// Mixdesk's own price once; failures fall back along the route or fail the order with the
// upstream's reason, releasing the hold once.
import fs from "node:fs";
import path from "node:path";
import { beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { verifyLedger } from "@/lib/billing/ledger";
import { UPLOAD_PREFIX } from "@/lib/contracts/orders";
import { db } from "@/lib/db";
import { probe } from "@/lib/media/ffmpeg";
import { checkFileSignature, resolveData } from "@/lib/storage/files";
import type { FakeYinzi } from "@/test/helpers/fake-yinzi";
import { actorWithCredits, addUpstream, balances, route, runOrder, yinziRelayWorld } from "@/test/helpers/relays";

const world = yinziRelayWorld("mx-yinzi-relay-", 8, { RELAY_MAX_ATTEMPTS: "3" });
let fake: FakeYinzi;
let song: string;
beforeAll(() => {
  ({ fake, song } = world);
});

beforeEach(() => {
  Object.assign(fake.knobs, {
    failNext: 0,
    failStatus: 503,
    hang: false,
    rejectNextWith: null,
    finishAfterPolls: 2,
    failTasksWith: null,
    brokenResults: false,
  });
  fake.balance = 1000;
});

async function relayRoute(name: string) {
  const up = await addUpstream({ name, baseUrl: fake.baseUrl, apiKey: fake.apiKey });
  await route("track-separation", [`upstream:${up.id}`, "local"]);
  return up;
}

describe("YinziAI relay", () => {
  it("finishes a track-separation order through the upstream: stems copied into storage, ffprobed, charged Mixdesk's price once", async () => {
    const up = await relayRoute("Yinzi main");
    const actor = await actorWithCredits(100);
    const creates = fake.creates();
    const { order, view } = await runOrder(actor, "track-separation", song);

    expect(order.status).toBe("finish");
    expect(order.engine).toBe("relay:Yinzi main");
    expect(fake.creates() - creates).toBe(1);
    const sent = [...fake.orders.values()].at(-1)!;
    expect(sent).toMatchObject({ orderType: "track-separation", pathKey: song, status: "finish" });

    const files = await db.orderFile.findMany({ where: { orderId: order.id }, orderBy: { business: "asc" } });
    expect(files.map((f) => [f.name, f.business])).toEqual([
      ["accompaniment.mp3", "accompaniment"],
      ["vocals.mp3", "vocals"],
    ]);
    for (const f of files) {
      const info = await probe(resolveData(f.path));
      expect(info.audio?.codec).toBe("mp3");
      expect(info.durationSec).toBeGreaterThan(2);
    }
    // Our own copies: the upstream's URLs are nowhere in what the user gets.
    expect(JSON.stringify(view)).not.toContain(fake.baseUrl);

    const task = await db.relayTask.findUniqueOrThrow({
      where: { orderId_upstreamId: { orderId: order.id, upstreamId: up.id } },
    });
    expect(task).toMatchObject({ state: "finished", upstreamTaskId: sent.orderNo, upstreamStatus: "finish" });
    expect(task.upstreamCost).toBe(10);
    const u = await db.upstream.findUniqueOrThrow({ where: { id: up.id } });
    expect(u.balance).toBe(fake.balance);
    expect(u.lastSuccessAt).not.toBeNull();

    // 8 s = one started minute at Mixdesk's price, whatever the upstream charged.
    expect(view.cost).toBeGreaterThan(0);
    expect(await balances(actor.userId)).toEqual({ balance: 100 - view.cost, held: 0, spent: view.cost });
    expect(await db.ledgerEntry.count({ where: { ref: `order:${order.orderNo}`, kind: "capture" } })).toBe(1);
    expect((await verifyLedger()).mismatches).toEqual([]);
  });

  it("retries 5xx answers with backoff and still relays when the upstream recovers", async () => {
    await relayRoute("Yinzi flaky");
    fake.knobs.failNext = 2;
    const calls = fake.requests.length;
    const { order } = await runOrder(await actorWithCredits(100), "track-separation", song);
    expect(order.status).toBe("finish");
    expect(order.engine).toBe("relay:Yinzi flaky");
    // Two refused creates, then the one that worked.
    const creates = fake.requests.slice(calls).filter((r) => r.url.includes("/order/create"));
    expect(creates).toHaveLength(3);
  });

  it("falls back to the local engine when the upstream keeps answering 5xx", async () => {
    const up = await relayRoute("Yinzi down");
    fake.knobs.failNext = 1000;
    const actor = await actorWithCredits(100);
    const { order, view } = await runOrder(actor, "track-separation", song);
    fake.knobs.failNext = 0;
    expect(order.status).toBe("finish");
    expect(order.engine).toBe("dsp-v2");
    expect(await db.orderFile.count({ where: { orderId: order.id } })).toBe(2);
    const calls = await db.upstreamCall.findMany({ where: { upstreamId: up.id } });
    expect(calls.map((c) => [c.op, c.ok, c.httpStatus])).toEqual([
      ["submit", false, 503],
      ["submit", false, 503],
      ["submit", false, 503],
    ]);
    const u = await db.upstream.findUniqueOrThrow({ where: { id: up.id } });
    expect(u.lastError).toContain("submit");
    expect(u.outOfRotation).toBeNull();
    expect(await balances(actor.userId)).toEqual({ balance: 100 - view.cost, held: 0, spent: view.cost });
  });

  it("falls back when the upstream stops answering (timeouts)", async () => {
    vi.stubEnv("RELAY_TASK_TIMEOUT_MINUTES", "0.005");
    const up = await relayRoute("Yinzi slow");
    fake.knobs.finishAfterPolls = 1_000_000;
    const { order } = await runOrder(await actorWithCredits(100), "track-separation", song);
    vi.stubEnv("RELAY_TASK_TIMEOUT_MINUTES", "25");
    expect(order.status).toBe("finish");
    expect(order.engine).toBe("dsp-v2");
    const task = await db.relayTask.findFirstOrThrow({ where: { orderId: order.id, upstreamId: up.id } });
    expect(task.state).toBe("abandoned");
    expect(task.upstreamTaskId).not.toBeNull();
  });

  it("falls back when a result file is broken (it fails ffprobe)", async () => {
    await relayRoute("Yinzi broken");
    fake.knobs.brokenResults = true;
    const { order } = await runOrder(await actorWithCredits(100), "track-separation", song);
    expect(order.status).toBe("finish");
    expect(order.engine).toBe("dsp-v2");
    for (const f of await db.orderFile.findMany({ where: { orderId: order.id } }))
      expect((await probe(resolveData(f.path))).audio).not.toBeNull();
  });

  it("a 4xx fails the order with the upstream's reason, uncharged, the hold released once", async () => {
    await relayRoute("Yinzi picky");
    fake.knobs.rejectNextWith = "The audio could not be decoded";
    const actor = await actorWithCredits(100);
    const { order, view } = await runOrder(actor, "track-separation", song);
    expect(order.status).toBe("failed");
    expect(order.reason).toBe("The audio could not be decoded");
    expect(order.reasonCode).toBe("upstream_rejected");
    expect(order.payStatus).toBe("released");
    expect(view.cost).toBe(0);
    expect(await balances(actor.userId)).toEqual({ balance: 100, held: 0, spent: 0 });
    expect(await db.ledgerEntry.count({ where: { ref: `order:${order.orderNo}`, kind: "release" } })).toBe(1);
    expect((await verifyLedger()).mismatches).toEqual([]);
  });

  it("an upstream task that fails ends the order with its reason; one that times out there falls back", async () => {
    await relayRoute("Yinzi failing");
    fake.knobs.failTasksWith = { status: "failed", reason: "No vocals were found" };
    const actor = await actorWithCredits(100);
    const failed = await runOrder(actor, "track-separation", song);
    expect(failed.order).toMatchObject({ status: "failed", reason: "No vocals were found", payStatus: "released" });
    expect(await balances(actor.userId)).toEqual({ balance: 100, held: 0, spent: 0 });

    fake.knobs.failTasksWith = { status: "timeout", reason: "" };
    const fellBack = await runOrder(actor, "track-separation", song);
    expect(fellBack.order).toMatchObject({ status: "finish", engine: "dsp-v2" });
  });

  it("insufficient balance takes the upstream out of rotation and falls back; the next order skips it", async () => {
    const up = await relayRoute("Yinzi empty");
    fake.balance = 0;
    const first = await runOrder(await actorWithCredits(100), "track-separation", song);
    expect(first.order).toMatchObject({ status: "finish", engine: "dsp-v2" });
    const u = await db.upstream.findUniqueOrThrow({ where: { id: up.id } });
    expect(u.outOfRotation).toContain("USER_BLANCE_NOT_ENOUGH");
    expect(u.outOfRotationAt).not.toBeNull();

    fake.balance = 1000;
    const creates = fake.creates();
    const requests = fake.requests.length;
    const second = await runOrder(await actorWithCredits(100), "track-separation", song);
    expect(second.order).toMatchObject({ status: "finish", engine: "dsp-v2" });
    expect(fake.creates()).toBe(creates);
    expect(fake.requests.length).toBe(requests);
  });

  it("an upstream switched off by the admin is skipped", async () => {
    const up = await relayRoute("Yinzi off");
    await db.upstream.update({ where: { id: up.id }, data: { enabled: false } });
    const requests = fake.requests.length;
    const { order } = await runOrder(await actorWithCredits(100), "track-separation", song);
    expect(order).toMatchObject({ status: "finish", engine: "dsp-v2" });
    expect(fake.requests.length).toBe(requests);
  });

  it("an uploaded file is offered to the upstream as a signed Mixdesk download link", async () => {
    vi.stubEnv("PUBLIC_BASE_URL", "https://mixdesk.example.com");
    await relayRoute("Yinzi uploads");
    const actor = await actorWithCredits(100);
    const upload = await db.upload.create({
      data: { ...actor, filename: "song.wav", path: "uploads/relay-song.wav", bytes: 1, source: "file" },
    });
    fs.mkdirSync(resolveData("uploads"), { recursive: true });
    fs.copyFileSync(path.join(world.dir, "song.wav"), resolveData(upload.path));
    const { order } = await runOrder(actor, "track-separation", `${UPLOAD_PREFIX}${upload.id}`);
    vi.stubEnv("PUBLIC_BASE_URL", "");
    expect(order).toMatchObject({ status: "finish", engine: "relay:Yinzi uploads" });
    const sent = new URL([...fake.orders.values()].at(-1)!.pathKey);
    expect(`${sent.origin}${sent.pathname}`).toBe("https://mixdesk.example.com/api/files/uploads/relay-song.wav");
    expect(checkFileSignature(upload.path, sent.searchParams.get("exp"), sent.searchParams.get("sig"))).toBe("ok");
  });

  it("sends the key only in the Authorization header, never in a URL", async () => {
    await relayRoute("Yinzi header");
    await runOrder(await actorWithCredits(100), "track-separation", song);
    expect(fake.requests.length).toBeGreaterThan(0);
    for (const r of fake.requests) {
      expect(r.url).not.toContain(fake.apiKey);
      expect(r.url).not.toContain("apiKey");
      expect(r.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    }
  });
});

describe("YinziAI relay for extract-text", () => {
  it("turns the upstream's caption into the same four transcript files a local engine writes", async () => {
    const up = await addUpstream({ name: "Yinzi text", baseUrl: fake.baseUrl, apiKey: fake.apiKey });
    await route("extract-text", [`upstream:${up.id}`, "local"]);
    const actor = await actorWithCredits(100);
    const { order, view } = await runOrder(actor, "extract-text", song);
    expect(order).toMatchObject({ status: "finish", engine: "relay:Yinzi text" });
    expect([...fake.orders.values()].at(-1)).toMatchObject({ orderType: "extract-text", pathKey: song });
    const files = await db.orderFile.findMany({ where: { orderId: order.id }, orderBy: { name: "asc" } });
    expect(files.map((f) => f.business).sort()).toEqual(["srt", "text", "transcript", "vtt"]);
    const txt = files.find((f) => f.business === "text")!;
    expect(fs.readFileSync(resolveData(txt.path), "utf8")).toContain("hello from the upstream");
    const srt = files.find((f) => f.business === "srt")!;
    expect(fs.readFileSync(resolveData(srt.path), "utf8")).toContain("00:00:00,500 --> 00:00:02,500");
    expect(view.cost).toBeGreaterThan(0);
  });
});
