// Parsing the same short-video link again within SHORT_VIDEO_REUSE_HOURS: the team's earlier
// result comes back uncharged and the platform is not asked again; another team, or the same team
// after the window, pays for a fresh parse. Real SQLite, loopback platform fixtures.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { grant } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { priceOf } from "@/lib/orders/pricing";
import { analyzeShortVideo } from "@/lib/short-video/service";
import { signUp } from "@/lib/users/service";
import { startPlatformServers } from "@/test/fixtures/short-video";

let p: Awaited<ReturnType<typeof startPlatformServers>>;

async function person(credits: number) {
  const user = await signUp({
    email: `reuse-${randomUUID().slice(0, 8)}@example.com`,
    name: "Reuse",
    password: "a long password 1",
  });
  await grant({ userId: user.id, amount: credits, reason: "test", idempotencyKey: `grant:${user.id}` });
  const { teamId } = await db.membership.findFirstOrThrow({ where: { userId: user.id } });
  return { userId: user.id, teamId };
}

const balanceOf = async (userId: string) =>
  (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { balance: true } })).balance;

beforeAll(async () => {
  p = await startPlatformServers();
  vi.stubEnv("FETCH_ALLOW_HOSTS", "127.0.0.1");
  vi.stubEnv("SHORT_VIDEO_HOST_MAP", p.hostMap);
}, 60_000);
afterAll(async () => {
  vi.unstubAllEnvs();
  await p?.close();
});

describe("short-video reparse window", () => {
  it("the same link again (other share words around it) reuses the result: balance unchanged, platform not asked", async () => {
    const price = (await priceOf("short-video")).baseCredits;
    expect(price).toBeGreaterThan(0);
    const alice = await person(50);
    const first = await analyzeShortVideo(alice, `快手标题 ${p.kuaishou.base}/s/ok 复制打开快手`);
    expect(first).toMatchObject({ reused: false, title: "快手标题", balance: 50 - price });
    expect(await balanceOf(alice.userId)).toBe(50 - price);
    const hits = p.kuaishou.hits.get("/s/ok");

    const again = await analyzeShortVideo(alice, `看看这个 ${p.kuaishou.base}/s/ok`);
    expect(again).toMatchObject({
      reused: true,
      id: first.id,
      title: "快手标题",
      videoUrl: first.videoUrl,
      balance: 50 - price,
    });
    expect(await balanceOf(alice.userId)).toBe(50 - price);
    expect(p.kuaishou.hits.get("/s/ok")).toBe(hits);

    // A teammate of the same team reuses it too, even with no credits left.
    const bob = await signUp({
      email: `bob-${randomUUID().slice(0, 8)}@example.com`,
      name: "Bob",
      password: "a long password 1",
    });
    const bobTeam = await db.membership.findFirstOrThrow({ where: { userId: bob.id } });
    await db.membership.update({ where: { id: bobTeam.id }, data: { teamId: alice.teamId } });
    const forBob = await analyzeShortVideo({ userId: bob.id, teamId: alice.teamId }, `${p.kuaishou.base}/s/ok`);
    expect(forBob).toMatchObject({ reused: true, id: first.id });
  });

  it("another team pays for its own parse; after the window the team pays again", async () => {
    const price = (await priceOf("short-video")).baseCredits;
    const a = await person(50);
    const b = await person(50);
    const link = `${p.bilibili.base}/s/ok`;
    const first = await analyzeShortVideo(a, link);
    const other = await analyzeShortVideo(b, link);
    expect(other).toMatchObject({ reused: false });
    expect(other.id).not.toBe(first.id);
    expect(await balanceOf(b.userId)).toBe(50 - price);

    // 25 hours later (the default window is 24 h) the link is parsed and charged again.
    await db.shortVideoParse.update({
      where: { id: first.id },
      data: { createdAt: new Date(Date.now() - 25 * 3_600_000) },
    });
    const later = await analyzeShortVideo(a, link);
    expect(later).toMatchObject({ reused: false });
    expect(await balanceOf(a.userId)).toBe(50 - 2 * price);
  });

  it("SHORT_VIDEO_REUSE_HOURS=0 turns reuse off", async () => {
    vi.stubEnv("SHORT_VIDEO_REUSE_HOURS", "0");
    try {
      const price = (await priceOf("short-video")).baseCredits;
      const a = await person(50);
      await analyzeShortVideo(a, `${p.tiktok.base}/s/ok`);
      const again = await analyzeShortVideo(a, `${p.tiktok.base}/s/ok`);
      expect(again.reused).toBe(false);
      expect(await balanceOf(a.userId)).toBe(50 - 2 * price);
    } finally {
      vi.stubEnv("SHORT_VIDEO_REUSE_HOURS", "");
    }
  });
});
