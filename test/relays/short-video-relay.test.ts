// short-video routed local → YinziAI: when the local parser fails on the platform's side (a
// captcha), the YinziAI analyze call answers in the same shape and the user pays Mixdesk's price
// once; a link that is unusable anyway fails without asking the upstream; an upstream with no
// balance leaves rotation and the user sees the local failure, uncharged. Loopback fixtures.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { priceOf } from "@/lib/orders/pricing";
import { ShortVideoError } from "@/lib/short-video/index";
import { analyzeShortVideo } from "@/lib/short-video/service";
import { startPlatformServers } from "@/test/fixtures/short-video";
import { type FakeYinzi, startFakeYinzi } from "@/test/helpers/fake-yinzi";
import { actorWithCredits, addUpstream, route, TEST_MASTER_KEY } from "@/test/helpers/relays";

let p: Awaited<ReturnType<typeof startPlatformServers>>;
let fake: FakeYinzi;

beforeAll(async () => {
  p = await startPlatformServers();
  fake = await startFakeYinzi();
  vi.stubEnv("FETCH_ALLOW_HOSTS", "127.0.0.1");
  vi.stubEnv("SHORT_VIDEO_HOST_MAP", p.hostMap);
  vi.stubEnv("SHORT_VIDEO_REUSE_HOURS", "0");
  vi.stubEnv("RELAY_MASTER_KEY", TEST_MASTER_KEY);
}, 60_000);
afterAll(async () => {
  vi.unstubAllEnvs();
  await fake?.close();
  await p?.close();
});

const analyzeCalls = () => fake.requests.filter((r) => r.url.includes("/short-video/analyze"));
const balanceOf = async (userId: string) =>
  (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { balance: true } })).balance;

describe("short-video route local → YinziAI", () => {
  it("a platform failure here is answered by YinziAI, same shape, charged once", async () => {
    const up = await addUpstream({ name: "Yinzi video", baseUrl: fake.baseUrl, apiKey: fake.apiKey });
    await route("short-video", ["local", `upstream:${up.id}`]);
    const price = (await priceOf("short-video")).baseCredits;
    const actor = await actorWithCredits(50);

    const link = `${p.kuaishou.base}/s/captcha`;
    const r = await analyzeShortVideo(actor, `快手 ${link} 复制打开`);
    expect(r).toMatchObject({
      platform: "kuaishou",
      title: "Upstream parsed video",
      author: "someone",
      videoUrl: `${fake.baseUrl}/cdn/video.mp4`,
      musicUrl: `${fake.baseUrl}/cdn/music.mp3`,
      reused: false,
      balance: 50 - price,
    });
    expect(await balanceOf(actor.userId)).toBe(50 - price);
    const calls = analyzeCalls();
    expect(calls).toHaveLength(1);
    expect(JSON.parse(calls[0].body)).toEqual({ link });
    expect(calls[0].headers.authorization).toBe(`Bearer ${fake.apiKey}`);
    const u = await db.upstream.findUniqueOrThrow({ where: { id: up.id } });
    expect(u.balance).toBe(fake.balance);
    expect(await db.upstreamCall.count({ where: { upstreamId: up.id, op: "analyze", ok: true } })).toBe(1);

    // A link the local parser reads is not sent upstream.
    const ok = await analyzeShortVideo(actor, `${p.kuaishou.base}/s/ok`);
    expect(ok.title).toBe("快手标题");
    expect(analyzeCalls()).toHaveLength(1);

    // A deleted post is the link's fault: no upstream call, nothing charged.
    const before = await balanceOf(actor.userId);
    await expect(analyzeShortVideo(actor, `${p.kuaishou.base}/s/gone`)).rejects.toMatchObject({ failure: "input" });
    expect(analyzeCalls()).toHaveLength(1);
    expect(await balanceOf(actor.userId)).toBe(before);
  });

  it("an upstream without balance leaves rotation; the user gets the local failure, uncharged", async () => {
    const up = await addUpstream({ name: "Yinzi video empty", baseUrl: fake.baseUrl, apiKey: fake.apiKey });
    await route("short-video", ["local", `upstream:${up.id}`]);
    fake.balance = 0;
    const actor = await actorWithCredits(50);
    const error = await analyzeShortVideo(actor, `${p.kuaishou.base}/s/captcha`).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ShortVideoError);
    expect((error as ShortVideoError).failure).toBe("source");
    expect(await balanceOf(actor.userId)).toBe(50);
    const u = await db.upstream.findUniqueOrThrow({ where: { id: up.id } });
    expect(u.outOfRotation).toContain("USER_BLANCE_NOT_ENOUGH");

    // Out of rotation: the next parse does not ask it at all.
    fake.balance = 1000;
    const calls = analyzeCalls().length;
    await expect(analyzeShortVideo(actor, `${p.kuaishou.base}/s/captcha`)).rejects.toBeInstanceOf(ShortVideoError);
    expect(analyzeCalls()).toHaveLength(calls);
  });
});
