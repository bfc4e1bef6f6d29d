// "Test connection" against loopback fakes written from the upstreams' documents: a good key
// connects (and brings an upstream that left rotation back), a refused key or a dead server is an
// answer the page shows, the key never appears in it, and every test leaves a health row.
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { createUpstream, reconcileNow, relaysView, testConnection, updateUpstream } from "@/lib/relays/admin";
import { type FakeSuno, startFakeSuno } from "@/test/helpers/fake-suno";
import { type FakeYinzi, startFakeYinzi } from "@/test/helpers/fake-yinzi";

let yinzi: FakeYinzi;
let suno: FakeSuno;

beforeAll(async () => {
  vi.stubEnv("RELAY_MASTER_KEY", randomBytes(32).toString("hex"));
  [yinzi, suno] = await Promise.all([startFakeYinzi(), startFakeSuno()]);
});
afterAll(async () => {
  await Promise.all([yinzi?.close(), suno?.close()]);
});

const idOf = async (name: string) => (await db.upstream.findUniqueOrThrow({ where: { name } })).id;

describe("testConnection", () => {
  it("YinziAI: a valid key connects, and an upstream out of rotation comes back", async () => {
    await createUpstream({ name: "Yinzi", kind: "yinzi", baseUrl: yinzi.baseUrl, apiKey: yinzi.apiKey });
    const id = await idOf("Yinzi");
    await db.upstream.update({
      where: { id },
      data: { outOfRotation: "insufficient_balance: ErrorCode.USER_BLANCE_NOT_ENOUGH", outOfRotationAt: new Date() },
    });

    const r = await testConnection(id);
    expect(r.ok).toBe(true);
    expect(r.error).toBeNull();
    // Authenticated with the Bearer header only, never in the URL.
    const seen = yinzi.requests.at(-1);
    expect(seen?.headers.authorization).toBe(`Bearer ${yinzi.apiKey}`);
    expect(seen?.url).not.toContain(yinzi.apiKey);
    const u = r.view.upstreams.find((x) => x.id === id);
    expect(u?.outOfRotation).toBeNull();
    expect(u?.health.calls24h).toBe(1);
    expect(u?.health.errorRate24h).toBe(0);
    expect(u?.health.lastSuccessAt).not.toBeNull();
    expect(JSON.stringify(r)).not.toContain(yinzi.apiKey);
  });

  it("YinziAI: a refused key is an auth failure shown on the page, without the key, and it stays out", async () => {
    const id = await idOf("Yinzi");
    const wrong = `yz-wrong-${randomBytes(8).toString("hex")}`;
    await updateUpstream(id, { apiKey: wrong });
    await db.upstream.update({
      where: { id },
      data: { outOfRotation: "insufficient_balance", outOfRotationAt: new Date() },
    });

    const r = await testConnection(id);
    expect(r.ok).toBe(false);
    expect(r.error?.kind).toBe("auth");
    expect(JSON.stringify(r)).not.toContain(wrong);
    const u = r.view.upstreams.find((x) => x.id === id);
    expect(u?.outOfRotation).toBe("insufficient_balance");
    expect(u?.health).toMatchObject({ calls24h: 2, errorRate24h: 0.5 });
    expect(u?.health.lastError).toBeTruthy();
    expect(u?.health.lastError).not.toContain(wrong);
  });

  it("Suno-style: the credit endpoint's balance is recorded and shown", async () => {
    suno.knobs.credits = 321;
    await createUpstream({ name: "Suno", kind: "suno", baseUrl: suno.baseUrl, apiKey: suno.apiKey });
    const r = await testConnection(await idOf("Suno"));
    expect(r).toMatchObject({ ok: true, balance: 321 });
    const u = (await relaysView()).upstreams.find((x) => x.name === "Suno");
    expect(u?.balance).toBe(321);
    expect(u?.balanceAt).not.toBeNull();
  });

  it("a server that is gone is 'unavailable', not an error of the page", async () => {
    await createUpstream({ name: "Gone", kind: "suno", baseUrl: "http://127.0.0.1:9", apiKey: "suno-gone-key-1234" });
    const r = await testConnection(await idOf("Gone"));
    expect(r.ok).toBe(false);
    expect(r.error?.kind).toBe("unavailable");
    expect(JSON.stringify(r)).not.toContain("suno-gone-key-1234");
  });
});

describe("reconcileNow", () => {
  it("asks the upstream about open relayed orders and shows what disagrees on the page", async () => {
    const id = await idOf("Yinzi");
    await updateUpstream(id, { apiKey: yinzi.apiKey });
    const user = await db.user.create({
      data: { email: `rec-${randomBytes(3).toString("hex")}@example.com`, name: "R", passwordHash: "x" },
    });
    const team = await db.team.create({ data: { name: "rec" } });
    const orderNo = randomBytes(9).toString("hex");
    const order = await db.order.create({
      data: {
        orderNo,
        userId: user.id,
        teamId: team.id,
        type: "track-separation",
        messageId: randomBytes(8).toString("hex"),
        pathKey: "https://example.com/a.mp3",
        holdAmount: 5,
        status: "pending",
      },
    });
    // An upstream task id the upstream has never heard of.
    await db.relayTask.create({
      data: { orderId: order.id, upstreamId: id, state: "submitted", upstreamTaskId: "YZNEVERSEEN0000000" },
    });

    const r = await reconcileNow();
    expect(r).toMatchObject({ reported: 1, repaired: 0, errors: [] });
    expect(r.checked).toBeGreaterThanOrEqual(1);
    expect(r.view.lastReconcileAt).toBe(r.at);
    expect(r.view.drift.map((d) => [d.orderNo, d.kind, d.outcome, d.upstreamName])).toEqual([
      [orderNo, "unknown_upstream_id", "reported", "Yinzi"],
    ]);
    expect(JSON.stringify(r)).not.toContain(yinzi.apiKey);
  });
});
