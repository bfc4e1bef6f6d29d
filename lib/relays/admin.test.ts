// The admin side of relays on a real database: keys go in sealed and never come back out, routes
// only name upstreams that can serve the type, health and margin come from what was recorded.
import { randomBytes } from "node:crypto";
import { beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { createUpstream, deleteUpstream, relaysView, updateRoutes, updateUpstream } from "@/lib/relays/admin";
import { openKey } from "@/lib/relays/crypto";
import { routeFor } from "@/lib/relays/routes";

const MASTER = randomBytes(32).toString("hex");
const SECRET = `yz-live-${randomBytes(12).toString("hex")}`;
let actor = "";

beforeAll(async () => {
  vi.stubEnv("RELAY_MASTER_KEY", MASTER);
  const u = await db.user.create({
    data: { email: `relay-admin-${randomBytes(3).toString("hex")}@example.com`, name: "Admin", passwordHash: "x" },
  });
  actor = u.id;
});

const byName = async (name: string) => {
  const u = (await relaysView()).upstreams.find((x) => x.name === name);
  if (!u) throw new Error(`no upstream ${name}`);
  return u;
};

async function rejects(p: Promise<unknown>, kind: string, field?: string) {
  const e = await p.then(
    () => null,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(AppError);
  expect((e as AppError).kind).toBe(kind);
  if (field) expect(Object.keys((e as AppError).fields ?? {})).toContain(field);
  return e as AppError;
}

describe("upstreams", () => {
  it("stores the key sealed, shows only its hint, and never answers it", async () => {
    const view = await createUpstream({
      name: "YinziAI",
      kind: "yinzi",
      baseUrl: "https://open.yinzi.example/",
      apiKey: SECRET,
      costs: { "track-separation": 3 },
    });
    expect(JSON.stringify(view)).not.toContain(SECRET);
    const u = view.upstreams.find((x) => x.name === "YinziAI");
    expect(u).toMatchObject({
      kind: "yinzi",
      baseUrl: "https://open.yinzi.example",
      keyHint: `…${SECRET.slice(-4)}`,
      enabled: true,
      keyUnreadable: false,
    });
    const row = await db.upstream.findUniqueOrThrow({ where: { name: "YinziAI" } });
    expect(row.keyCipher).not.toContain(SECRET);
    expect(openKey(row.keyCipher)).toBe(SECRET);
  });

  it("refuses a second upstream with the same name, and costs for types the kind cannot serve", async () => {
    await rejects(
      createUpstream({ name: "YinziAI", kind: "yinzi", baseUrl: "https://x.example", apiKey: "k-1234" }),
      "conflict",
      "name",
    );
    await rejects(
      createUpstream({
        name: "Suno relay",
        kind: "suno",
        baseUrl: "https://suno.example",
        apiKey: "k-1234",
        costs: { "track-separation": 2 },
      }),
      "bad_request",
      "costs.track-separation",
    );
    expect((await relaysView()).upstreams.map((u) => u.name)).toEqual(["YinziAI"]);
  });

  it("replaces the key on edit, and switching it on brings it back from out of rotation", async () => {
    const u = await byName("YinziAI");
    await db.upstream.update({
      where: { id: u.id },
      data: { outOfRotation: "insufficient_balance", outOfRotationAt: new Date() },
    });
    expect((await byName("YinziAI")).outOfRotation).toBe("insufficient_balance");
    const newKey = `yz-new-${randomBytes(8).toString("hex")}`;
    const view = await updateUpstream(u.id, { apiKey: newKey, enabled: true });
    expect(JSON.stringify(view)).not.toContain(newKey);
    const after = view.upstreams.find((x) => x.id === u.id);
    expect(after).toMatchObject({ keyHint: `…${newKey.slice(-4)}`, outOfRotation: null, enabled: true });
    expect(openKey((await db.upstream.findUniqueOrThrow({ where: { id: u.id } })).keyCipher)).toBe(newKey);
  });

  it("flags a key no configured master key can open", async () => {
    const u = await byName("YinziAI");
    vi.stubEnv("RELAY_MASTER_KEY", randomBytes(32).toString("hex"));
    try {
      expect((await byName("YinziAI")).keyUnreadable).toBe(true);
      expect((await relaysView()).upstreams.find((x) => x.id === u.id)?.keyHint).toBe(u.keyHint);
    } finally {
      vi.stubEnv("RELAY_MASTER_KEY", MASTER);
    }
  });

  it("cannot store a key without a master key", async () => {
    vi.stubEnv("RELAY_MASTER_KEY", "");
    try {
      expect((await relaysView()).keysConfigured).toBe(false);
      await rejects(
        createUpstream({ name: "Later", kind: "suno", baseUrl: "https://suno.example", apiKey: "k-1234" }),
        "bad_request",
      );
    } finally {
      vi.stubEnv("RELAY_MASTER_KEY", MASTER);
    }
  });
});

describe("routes", () => {
  it("accepts an upstream that serves the type, refuses unknown ids and kinds that cannot serve it", async () => {
    const yinzi = await byName("YinziAI");
    await createUpstream({
      name: "Whisper box",
      kind: "openai-transcribe",
      baseUrl: "http://10.0.0.5:8000",
      apiKey: "sk-whisper-1234",
      model: "whisper-1",
    });
    const whisper = await byName("Whisper box");

    const view = await updateRoutes(actor, {
      "track-separation": [`upstream:${yinzi.id}`, "local"],
      "extract-text": [`upstream:${whisper.id}`, `upstream:${yinzi.id}`, "local"],
    });
    expect(view.routes["track-separation"]).toEqual([`upstream:${yinzi.id}`, "local"]);
    expect(view.routes["upload-extend"]).toEqual(["local"]);
    expect(await routeFor("extract-text")).toEqual([`upstream:${whisper.id}`, `upstream:${yinzi.id}`, "local"]);

    await rejects(
      updateRoutes(actor, { "track-separation": [`upstream:${whisper.id}`, "local"] }),
      "bad_request",
      "track-separation",
    );
    await rejects(updateRoutes(actor, { "upload-extend": ["upstream:nope", "local"] }), "bad_request", "upload-extend");
    // A refused patch changes nothing, not even the valid half of it.
    await rejects(
      updateRoutes(actor, { "extract-voice": [`upstream:${yinzi.id}`], "upload-extend": [`upstream:${yinzi.id}`] }),
      "bad_request",
      "upload-extend",
    );
    expect(await routeFor("extract-voice")).toEqual(["local"]);
    expect(await routeFor("track-separation")).toEqual([`upstream:${yinzi.id}`, "local"]);
  });

  it("deleting an upstream takes it out of every route, and waits for its running orders", async () => {
    const whisper = await byName("Whisper box");
    await updateRoutes(actor, { "extract-text": [`upstream:${whisper.id}`] });
    const team = await db.team.create({ data: { name: "t" } });
    const order = await db.order.create({
      data: {
        orderNo: randomBytes(9).toString("hex"),
        userId: actor,
        teamId: team.id,
        type: "extract-text",
        messageId: randomBytes(8).toString("hex"),
        pathKey: "https://example.com/a.mp3",
        holdAmount: 5,
        status: "processing",
      },
    });
    const task = await db.relayTask.create({
      data: { orderId: order.id, upstreamId: whisper.id, state: "submitted", upstreamTaskId: "t-1" },
    });
    await rejects(deleteUpstream(actor, whisper.id), "conflict");
    await db.relayTask.update({ where: { id: task.id }, data: { state: "finished" } });

    const view = await deleteUpstream(actor, whisper.id);
    expect(view.upstreams.map((u) => u.name)).toEqual(["YinziAI"]);
    expect(view.routes["extract-text"]).toEqual(["local"]);
    await rejects(deleteUpstream(actor, whisper.id), "not_found");
  });
});

describe("health, margin and drift", () => {
  it("summarises the last 24 hours of calls and shows cost beside Mixdesk's price", async () => {
    const u = await byName("YinziAI");
    const now = new Date();
    const ago = (ms: number) => new Date(now.getTime() - ms);
    const latencies = [100, 200, 300, 400, 500, 600, 700, 800, 900, 1000];
    await db.upstreamCall.createMany({
      data: [
        ...latencies.map((latencyMs, i) => ({
          upstreamId: u.id,
          op: "poll",
          ok: i < 8,
          httpStatus: i < 8 ? 200 : 502,
          latencyMs,
          createdAt: ago(60_000 * (i + 1)),
        })),
        // Older than a day: not counted.
        { upstreamId: u.id, op: "poll", ok: false, httpStatus: 500, latencyMs: 99_999, createdAt: ago(25 * 3_600_000) },
      ],
    });
    await db.upstream.update({ where: { id: u.id }, data: { balance: 42.5, balanceAt: now } });
    const view = await relaysView(now);
    const got = view.upstreams.find((x) => x.id === u.id);
    expect(got?.health).toMatchObject({ calls24h: 10, errorRate24h: 0.2, latencyP50Ms: 500, latencyP95Ms: 1000 });
    expect(got?.balance).toBe(42.5);
    expect(got?.costs).toEqual({ "track-separation": 3 });
    // Mixdesk's default base price for separation is 5: a margin of 2 per task.
    expect(view.prices["track-separation"]).toBe(5);
  });

  it("lists open drift with the upstream's name, newest first, and leaves resolved drift out", async () => {
    const u = await byName("YinziAI");
    await db.reconcileDrift.createMany({
      data: [
        {
          upstreamId: u.id,
          orderNo: "A1",
          upstreamTaskId: "y-1",
          kind: "unknown_upstream_id",
          detail: "the upstream does not know y-1",
          outcome: "reported",
          createdAt: new Date(Date.now() - 5000),
        },
        {
          upstreamId: u.id,
          orderNo: "A2",
          upstreamTaskId: "y-2",
          kind: "finished_upstream_open_here",
          detail: "re-queued",
          outcome: "repaired",
        },
        {
          upstreamId: u.id,
          orderNo: "A0",
          kind: "unknown_upstream_id",
          detail: "gone",
          outcome: "reported",
          resolvedAt: new Date(),
        },
      ],
    });
    const at = new Date("2026-11-30T12:00:00Z");
    await db.setting.create({ data: { key: "relays.lastReconcileAt", value: at.toISOString() } });
    const { drift, lastReconcileAt } = await relaysView();
    expect(lastReconcileAt).toBe(at.toISOString());
    expect(drift.map((d) => [d.orderNo, d.kind, d.outcome, d.upstreamName])).toEqual([
      ["A2", "finished_upstream_open_here", "repaired", "YinziAI"],
      ["A1", "unknown_upstream_id", "reported", "YinziAI"],
    ]);
  });
});
