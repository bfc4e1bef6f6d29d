// Short-video parsing over real HTTP against loopback platform fixtures (synthetic, see
// test/fixtures/short-video.ts): per platform a happy path, a deleted/private item, a changed page
// shape and a captcha or empty body; billing (charged once on success only, insufficient balance,
// concurrent parses never overdraw) and input errors.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { hlsPlaylist, makeTone, serveFixtures, type FixtureServer } from "@/test/helpers/media";
import { storedFiles } from "@/test/helpers/stored";
import { startServer, type TestServer } from "@/test/helpers/server";
import { Client } from "@/test/http/client";
import { DY, startPlatformServers } from "@/test/fixtures/short-video";

let server: TestServer;
let p: Awaited<ReturnType<typeof startPlatformServers>>;
let files: FixtureServer;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-sv-"));
const pw = "a long password 1";
let admin: Client;
let key: string;

type Envelope = { code: number; data: Record<string, unknown> | null; msg: string };

async function analyze(link: unknown, k: string | null = key) {
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (k) headers.authorization = `Bearer ${k}`;
  const res = await fetch(`${server.baseUrl}/api/open/v1/short-video/analyze`, {
    method: "POST",
    headers,
    body: JSON.stringify(link === undefined ? {} : { link }),
  });
  return { status: res.status, body: (await res.json()) as Envelope };
}

async function balance(k = key) {
  const res = await fetch(`${server.baseUrl}/api/open/v1/account/balance`, {
    headers: { authorization: `Bearer ${k}` },
  });
  return ((await res.json()) as { data: { balance: number } }).data.balance;
}

async function userWithCredits(credits: number): Promise<string> {
  const c = new Client(server.baseUrl);
  const u = await c.signUp({ email: `sv-${randomUUID().slice(0, 8)}@example.com`, name: "SV", password: pw });
  if (credits)
    await admin.fetch(`/api/admin/users/${u.id}/credits`, {
      method: "POST",
      json: { amount: credits, reason: "test" },
    });
  return (await (await c.fetch("/api/keys", { method: "POST", json: { name: "sv" } })).json()).key;
}

beforeAll(async () => {
  p = await startPlatformServers();
  makeTone(path.join(dir, "song.mp3"), 2);
  fs.writeFileSync(
    path.join(dir, "og.html"),
    `<html><head><meta property="og:title" content="OG page"><meta property="og:image" content="/cover.jpg"><meta property="og:video" content="/clip.mp4"><meta property="og:video:type" content="video/mp4"></head></html>`,
  );
  fs.writeFileSync(
    path.join(dir, "ld.html"),
    `<html><head><title>t</title><script type="application/ld+json">{"@context":"https://schema.org","@type":"VideoObject","name":"LD video","thumbnailUrl":["https://cdn.example/t.jpg"],"contentUrl":"https://cdn.example/v.mp4","author":{"name":"LD author"}}</script></head></html>`,
  );
  fs.writeFileSync(
    path.join(dir, "player.html"),
    `<html><head><meta property="og:video" content="/embed"><meta property="og:video:type" content="text/html"></head></html>`,
  );
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    "testsrc=size=160x120:rate=10:duration=2",
    "-f",
    "lavfi",
    "-i",
    "sine=frequency=440:duration=2",
    "-shortest",
    "-c:v",
    "libx264",
    "-pix_fmt",
    "yuv420p",
    "-c:a",
    "aac",
    path.join(dir, "clip.mp4"),
  ]);
  files = await serveFixtures(dir);
  server = await startServer({
    env: {
      FETCH_ALLOW_HOSTS: "127.0.0.1",
      SHORT_VIDEO_HOST_MAP: p.hostMap,
      DATA_DIR: path.join(dir, "data"),
      // These cases parse one link many times and check each charge; reuse has its own test
      // (lib/short-video/reuse.test.ts).
      SHORT_VIDEO_REUSE_HOURS: "0",
    },
  });
  admin = new Client(server.baseUrl);
  const id = (
    await admin.signUp({ email: `sv-admin-${randomUUID().slice(0, 6)}@example.com`, name: "Admin", password: pw })
  ).id;
  await admin.fetch(`/api/admin/users/${id}/credits`, {
    method: "POST",
    json: { amount: 1000, reason: "test credits" },
  });
  key = (await (await admin.fetch("/api/keys", { method: "POST", json: { name: "sv" } })).json()).key;
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await p?.close();
  await files?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function ok(link: string) {
  const before = await balance();
  const r = await analyze(link);
  expect(r.body.msg, JSON.stringify(r.body)).toBe("success");
  expect(r.status).toBe(200);
  expect(r.body.code).toBe(0);
  expect(await balance()).toBe(before - 2);
  expect(r.body.data!.balance).toBe(before - 2);
  return r.body.data!;
}

async function fails(link: string, status: number, msg: RegExp) {
  const before = await balance();
  const r = await analyze(link);
  expect(r.body.msg).toMatch(msg);
  expect(r.status).toBe(status);
  expect(r.body).toMatchObject({ code: status, data: null });
  expect(await balance()).toBe(before);
}

describe("Douyin", () => {
  it("share text → short link → slidesinfo; playwm→play resolved to the CDN; charged once", async () => {
    const d = await ok(`7.43 FuL:/ 视频标题 #测试 ${p.douyin.base}/s/video/ 复制此链接，打开Dou音搜索，直接观看视频！`);
    expect(d).toMatchObject({
      platform: "douyin",
      title: "视频标题 #测试",
      author: "抖音作者",
      cover: `${p.douyin.base}/img/cover.jpeg`,
      videoUrl: `${p.douyin.base}/cdn/v0${DY.video}.mp4?expire=1`,
      musicUrl: `${p.douyin.base}/music/m${DY.video}.mp3`,
      headers: { Referer: "https://www.douyin.com/" },
    });
    expect(p.douyin.lastHeaders.get("/web/api/v2/aweme/slidesinfo/")?.["user-agent"]).toMatch(/iPhone/);
    expect(p.douyin.hits.get("/aweme/v1/playwm/")).toBeUndefined();
  });

  it("image posts return images", async () => {
    const d = await ok(`${p.douyin.base}/s/images/`);
    expect(d.images).toEqual([`${p.douyin.base}/img/1.jpeg`, `${p.douyin.base}/img/2.jpeg`]);
    expect(d.videoUrl).toBeNull();
  });

  it("falls back to the share page's _ROUTER_DATA when slidesinfo answers an empty body", async () => {
    const d = await ok(`${p.douyin.base}/s/fallback/`);
    expect(d.title).toBe("视频标题 #测试");
  });

  it("deleted item → 400 naming Douyin, no charge", () =>
    fails(`${p.douyin.base}/s/deleted/`, 400, /^Douyin: this item is deleted or private \(作品已删除\)/));
  it("changed page shape → 500 naming both sources", () =>
    fails(
      `${p.douyin.base}/s/changed/`,
      500,
      /^Douyin: the slidesinfo API returned an empty body; the share page's _ROUTER_DATA has no videoInfoRes/,
    ));
  it("captcha → 500", () => fails(`${p.douyin.base}/s/captcha/`, 500, /Douyin: .*the share page returned a captcha/));
  it("a link that resolves to no video → 400", () =>
    fails(`${p.douyin.base}/s/nothing/`, 400, /^Douyin: the link resolves to .*not a Douyin video/));
});

describe("Kuaishou", () => {
  it("short link → share page INIT_STATE", async () => {
    const d = await ok(`快手标题 ${p.kuaishou.base}/s/ok 复制打开快手`);
    expect(d).toMatchObject({
      platform: "kuaishou",
      title: "快手标题",
      author: "快手作者",
      videoUrl: `${p.kuaishou.base}/cdn/ks.mp4`,
      musicUrl: `${p.kuaishou.base}/music/ks.m4a`,
    });
    expect(p.kuaishou.lastHeaders.get("/s/ok")?.referer).toBe("https://v.kuaishou.com/");
  });
  it("long-video pages are rewritten to /fw/photo/", async () => {
    expect((await ok(`${p.kuaishou.base}/s/long`)).title).toBe("快手标题");
  });
  it("atlas posts return images and the atlas music", async () => {
    const d = await ok(`${p.kuaishou.base}/s/atlas`);
    expect(d.images).toEqual([
      "https://p1.a.yximgs.com/ufile/atlas/1.jpg",
      "https://p1.a.yximgs.com/ufile/atlas/2.jpg",
    ]);
    expect(d.musicUrl).toBe("https://p1.a.yximgs.com/ufile/atlas/m.m4a");
  });
  it("deleted → 400", () => fails(`${p.kuaishou.base}/s/gone`, 400, /^Kuaishou: this item is deleted or private/));
  it("captcha (result 2001) → 500", () =>
    fails(`${p.kuaishou.base}/s/captcha`, 500, /^Kuaishou: the share page returned a captcha/));
  it("changed page → 500", () =>
    fails(`${p.kuaishou.base}/s/changed`, 500, /^Kuaishou: the share page has no INIT_STATE/));
  it("empty body → 500", () =>
    fails(`${p.kuaishou.base}/s/empty`, 500, /^Kuaishou: the share page returned an empty body/));
});

describe("Xiaohongshu", () => {
  it("short link keeps xsec_token; JS-literal state with undefined", async () => {
    const d = await ok(`小红书标题 ${p.xiaohongshu.base}/s/ok，复制本条信息，打开【小红书】App查看精彩内容！`);
    expect(d).toMatchObject({
      platform: "xiaohongshu",
      title: "小红书标题",
      author: "小红书作者",
      videoUrl: `${p.xiaohongshu.base}/cdn/xhs.mp4`,
      musicUrl: null,
    });
  });
  it("deleted → 400", () => fails(`${p.xiaohongshu.base}/s/gone`, 400, /^Xiaohongshu: this note is deleted, private/));
  it("captcha redirect → 500", () =>
    fails(`${p.xiaohongshu.base}/s/captcha`, 500, /^Xiaohongshu: the note page redirected to a captcha/));
  it("changed page → 500", () =>
    fails(`${p.xiaohongshu.base}/s/changed`, 500, /^Xiaohongshu: the note page has no __INITIAL_STATE__/));
});

describe("Weibo", () => {
  it("status link → status API with Referer", async () => {
    const d = await ok(`${p.weibo.base}/1234567/OkVideo001`);
    expect(d).toMatchObject({
      platform: "weibo",
      title: "微博视频",
      author: "微博作者",
      videoUrl: `${p.weibo.base}/cdn/wb.mp4`,
      cover: `${p.weibo.base}/img/wb.jpg`,
    });
  });
  it("deleted → 400", () =>
    fails(`${p.weibo.base}/1234567/Gone000001`, 400, /^Weibo: this post is deleted or private \(该微博不存在\)/));
  it("visitor passport bounce → 500", () =>
    fails(`${p.weibo.base}/1234567/Passport01`, 500, /^Weibo: the status API redirected to the visitor passport/));
  it("empty body → 500", () =>
    fails(`${p.weibo.base}/1234567/Empty00001`, 500, /^Weibo: the status API returned an empty body/));
});

describe("Bilibili", () => {
  it("b23 → BV → view + playurl", async () => {
    const d = await ok(`【B站标题】 ${p.bilibili.base}/s/ok`);
    expect(d).toMatchObject({
      platform: "bilibili",
      title: "B站标题",
      author: "UP主",
      cover: `${p.bilibili.base}/img/bili.jpg`,
      videoUrl: `${p.bilibili.base}/cdn/bili.mp4`,
    });
  });
  it("deleted (code -404) → 400", () =>
    fails(`${p.bilibili.base}/s/gone`, 400, /^Bilibili: this video is deleted or private \(code -404\)/));
  it("risk control 412 → 500 naming the playurl API", () =>
    fails(`${p.bilibili.base}/s/risk`, 500, /^Bilibili: the playurl API answered HTTP 412/));
  it("a live page → 400 unsupported", () =>
    fails(`${p.bilibili.base}/s/live`, 400, /^Bilibili: the link resolves to .*not a video/));
});

describe("TikTok", () => {
  it("short link → page universal data; cookies returned in headers", async () => {
    const d = await ok(`${p.tiktok.base}/s/ok`);
    expect(d).toMatchObject({
      platform: "tiktok",
      title: "TikTok title",
      author: "Some One",
      videoUrl: `${p.tiktok.base}/cdn/tt.mp4`,
      musicUrl: `${p.tiktok.base}/music/tt.mp3`,
    });
    expect((d.headers as Record<string, string>).Cookie).toBe("tt_chain_token=abc123; ttwid=1%7Cxyz");
  });
  it("private (10216) → 400", () => fails(`${p.tiktok.base}/s/private`, 400, /^TikTok: this post is private/));
  it("WAF challenge → 500", () => fails(`${p.tiktok.base}/s/captcha`, 500, /^TikTok: the web page returned a captcha/));
  it("empty body → 500", () => fails(`${p.tiktok.base}/s/empty`, 500, /^TikTok: the web page returned an empty body/));
});

describe("Generic", () => {
  it("og:video of a video type", async () => {
    const d = await ok(`${files.baseUrl}/og.html`);
    expect(d).toMatchObject({
      platform: "generic",
      title: "OG page",
      videoUrl: `${files.baseUrl}/clip.mp4`,
      cover: `${files.baseUrl}/cover.jpg`,
    });
  });
  it("JSON-LD VideoObject", async () => {
    expect(await ok(`${files.baseUrl}/ld.html`)).toMatchObject({
      title: "LD video",
      author: "LD author",
      videoUrl: "https://cdn.example/v.mp4",
    });
  });
  it("a direct media link is probed with ffprobe", async () => {
    expect(await ok(`${files.baseUrl}/song.mp3`)).toMatchObject({
      platform: "generic",
      musicUrl: `${files.baseUrl}/song.mp3`,
      videoUrl: null,
    });
  });
  it("a direct media link whose name has a broken %-escape keeps the raw name (not a 500)", async () => {
    fs.copyFileSync(path.join(dir, "song.mp3"), path.join(dir, "%E0%A4%A.mp3"));
    expect(await ok(`${files.baseUrl}/%E0%A4%A.mp3`)).toMatchObject({ platform: "generic", title: "%E0%A4%A.mp3" });
  });
  it("a page with only a player (og:video text/html) → 400", () =>
    fails(
      `${files.baseUrl}/player.html`,
      400,
      /^Generic page: .* is not a supported platform and its page has no video/,
    ));
  it("a link that answers 404 → 400", () =>
    fails(`${files.baseUrl}/missing.html`, 400, /^Generic page: the link answered HTTP 404/));
});

describe("input and billing", () => {
  it("missing link → 400 link is required", async () => {
    expect(await analyze(undefined)).toEqual({ status: 400, body: { code: 400, data: null, msg: "link is required" } });
    expect((await analyze("  ")).body.msg).toBe("link is required");
  });
  it("text without a URL → 400", () =>
    fails(
      "7.43 FuL:/ 只有标题 复制此链接，打开Dou音搜索",
      400,
      /^Share text: no http\(s\) URL was found in the text$/,
    ));
  it("no API key → 401", async () => {
    expect((await analyze("https://v.douyin.com/x/", null)).body).toEqual({
      code: 401,
      data: null,
      msg: "API Key is required",
    });
  });
  it("private addresses stay blocked without the allow list (SSRF)", async () => {
    const r = await analyze("http://169.254.169.254/latest/meta-data/");
    expect(r.status).toBe(400);
    expect(r.body.msg).toMatch(/^Generic page: the link could not be fetched \(Refusing to fetch/);
  });
  it("insufficient balance → ErrorCode.USER_BLANCE_NOT_ENOUGH before any fetch", async () => {
    const k = await userWithCredits(1);
    const hits = p.douyin.hits.get("/s/video/") ?? 0;
    const r = await analyze(`${p.douyin.base}/s/video/`, k);
    expect(r).toEqual({ status: 400, body: { code: 400, data: null, msg: "ErrorCode.USER_BLANCE_NOT_ENOUGH" } });
    expect(p.douyin.hits.get("/s/video/") ?? 0).toBe(hits);
    expect(await balance(k)).toBe(1);
  });
  it("concurrent parses never overdraw: balance for 3, 10 at once → 3 succeed", async () => {
    const k = await userWithCredits(6);
    const rs = await Promise.all(Array.from({ length: 10 }, () => analyze(`${p.kuaishou.base}/s/ok`, k)));
    const okCount = rs.filter((r) => r.body.code === 0).length;
    expect(okCount).toBe(3);
    for (const r of rs.filter((x) => x.body.code !== 0)) expect(r.body.msg).toBe("ErrorCode.USER_BLANCE_NOT_ENOUGH");
    expect(await balance(k)).toBe(0);
  });
  it("the admin-set price is charged", async () => {
    const put = await admin.fetch("/api/admin/prices", {
      method: "PUT",
      json: { prices: [{ orderType: "short-video", baseCredits: 5, perMinuteCredits: 0 }] },
    });
    expect(put.status).toBe(200);
    const before = await balance();
    expect((await analyze(`${p.bilibili.base}/s/ok`)).body.code).toBe(0);
    expect(await balance()).toBe(before - 5);
    await admin.fetch("/api/admin/prices", {
      method: "PUT",
      json: { prices: [{ orderType: "short-video", baseCredits: 2, perMinuteCredits: 0 }] },
    });
  });
});

describe("browser routes (Short video page)", () => {
  it("parse with the session, list the team's parses, proxy the media, save to my files, separate the music", async () => {
    const before = await balance();
    const res = await admin.fetch("/api/short-video", { method: "POST", json: { link: `${files.baseUrl}/og.html` } });
    expect(res.status).toBe(201);
    const { parse } = (await res.json()) as { parse: { id: string; title: string; hasVideo: boolean } };
    expect(parse).toMatchObject({ title: "OG page", hasVideo: true });
    expect(await balance()).toBe(before - 2);

    const list = (await (await admin.fetch("/api/short-video")).json()) as { parses: { id: string }[] };
    expect(list.parses[0].id).toBe(parse.id);

    const media = await admin.fetch(`/api/short-video/${parse.id}/media?kind=video&download=1`);
    expect(media.status).toBe(200);
    expect(media.headers.get("content-disposition")).toMatch(/attachment/);
    expect(Buffer.from(await media.arrayBuffer()).equals(fs.readFileSync(path.join(dir, "clip.mp4")))).toBe(true);
    expect((await new Client(server.baseUrl).fetch(`/api/short-video/${parse.id}/media?kind=video`)).status).toBe(401);

    const saved = (await (await admin.fetch(`/api/short-video/${parse.id}/save`, { method: "POST" })).json()) as {
      parse: { videoUploadId: string; audioUploadId: string };
    };
    expect(saved.parse.videoUploadId).toBeTruthy();
    expect(saved.parse.audioUploadId).toBeTruthy();

    const sep = await admin.fetch(`/api/short-video/${parse.id}/separate`, { method: "POST" });
    expect(sep.status).toBe(201);
    const order = (await sep.json()) as { orderNo: string; orderType: string };
    expect(order.orderType).toBe("track-separation");
    const q = await fetch(`${server.baseUrl}/api/open/v1/order/query?orderNo=${order.orderNo}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(((await q.json()) as { code: number }).code).toBe(0);
  });
});

describe("untrusted media behind the Short video page", () => {
  // A hostile site: a page whose cover is HTML with script, and whose video is a playlist reaching
  // into DATA_DIR from where "Save to my files" downloads (DATA_DIR/uploads/<id>, one level down).
  let site: http.Server;
  let siteUrl = "";
  const routes = new Map<string, [string, Buffer]>();
  const hits = new Map<string, number>();

  beforeAll(async () => {
    const secret = path.join(dir, "data", "results", "SECRETORDER", "accompaniment.mp3");
    fs.mkdirSync(path.dirname(secret), { recursive: true });
    makeTone(secret, 3);
    site = http.createServer((req, res) => {
      const u = new URL(req.url ?? "/", "http://x").pathname;
      hits.set(u, (hits.get(u) ?? 0) + 1);
      const r = routes.get(u);
      if (!r) return res.writeHead(404).end();
      res.writeHead(200, { "content-type": r[0], "content-length": r[1].length }).end(r[1]);
    });
    await new Promise<void>((r) => site.listen(0, "127.0.0.1", r));
    siteUrl = `http://127.0.0.1:${(site.address() as AddressInfo).port}`;
    const page = (cover: string, video: string) =>
      Buffer.from(
        `<html><head><meta property="og:title" content="T"><meta property="og:image" content="${cover}"><meta property="og:video" content="${video}"><meta property="og:video:type" content="video/mp4"></head></html>`,
      );
    routes.set("/evil.html", ["text/html", page("/cover-html", "/steal.m3u8")]);
    routes.set("/cover-html", [
      "text/html; charset=utf-8",
      Buffer.from("<script>fetch('/api/keys',{method:'POST'})</script>"),
    ]);
    routes.set("/steal.m3u8", ["video/mp4", Buffer.from(hlsPlaylist(["../results/SECRETORDER/accompaniment.mp3"]))]);
    routes.set("/good.html", ["text/html", page("/cover.png", "/clip.bin")]);
    routes.set("/cover.png", [
      "image/png",
      execFileSync("ffmpeg", [
        "-v",
        "error",
        "-f",
        "lavfi",
        "-i",
        "color=red:s=8x8:d=1",
        "-frames:v",
        "1",
        "-f",
        "image2pipe",
        "-c:v",
        "png",
        "-",
      ]),
    ]);
    routes.set("/clip.bin", ["application/octet-stream", fs.readFileSync(path.join(dir, "clip.mp4"))]);
  });
  afterAll(() => new Promise<void>((r) => site.close(() => r())));

  const parseOf = async (page: string) => {
    const res = await admin.fetch("/api/short-video", { method: "POST", json: { link: `${siteUrl}${page}` } });
    expect(res.status).toBe(201);
    return ((await res.json()) as { parse: { id: string } }).parse.id;
  };

  it("the media proxy never serves an upstream's HTML as a cover; media keeps its type, always with nosniff", async () => {
    const evil = await parseOf("/evil.html");
    const cover = await admin.fetch(`/api/short-video/${evil}/media?kind=cover`);
    const body = await cover.text();
    expect(cover.status).toBe(400);
    expect(cover.headers.get("content-type")).not.toMatch(/html/);
    expect(body).not.toContain("<script>");

    const good = await parseOf("/good.html");
    const png = await admin.fetch(`/api/short-video/${good}/media?kind=cover`);
    expect(png.status).toBe(200);
    expect(png.headers.get("content-type")).toBe("image/png");
    expect(png.headers.get("x-content-type-options")).toBe("nosniff");
    expect(png.headers.get("content-disposition")).toMatch(/^inline; filename="cover-[A-Za-z0-9]{1,8}\.png"$/);
    expect(Buffer.from(await png.arrayBuffer()).equals(routes.get("/cover.png")![1])).toBe(true);
    // A generic binary answer plays in a <video> tag but only ever downloads when opened.
    const video = await admin.fetch(`/api/short-video/${good}/media?kind=video`);
    expect(video.status).toBe(200);
    expect(video.headers.get("content-type")).toBe("application/octet-stream");
    expect(video.headers.get("x-content-type-options")).toBe("nosniff");
    expect(video.headers.get("content-disposition")).toMatch(/^attachment; filename="video-[A-Za-z0-9]{1,8}\.mp4"$/);
    expect(Buffer.from(await video.arrayBuffer()).equals(routes.get("/clip.bin")![1])).toBe(true);
  });

  it("Save to my files refuses a playlist reaching for another team's result and keeps nothing", async () => {
    const uploads = path.join(dir, "data", "uploads");
    // This machine's files and, with TEST_STORAGE=s3, the bucket's: a refused save leaves neither.
    const count = async () =>
      (fs.existsSync(uploads) ? fs.readdirSync(uploads).length : 0) +
      (server.s3 ? (await storedFiles(server, path.join(dir, "data"), "uploads")).length : 0);
    const before = await count();
    const id = await parseOf("/evil.html");
    const res = await admin.fetch(`/api/short-video/${id}/save`, { method: "POST" });
    expect(res.status).toBe(400);
    expect(JSON.stringify(await res.json())).toMatch(/not a playable file/);
    expect(await count()).toBe(before);
    const list = (await (await admin.fetch("/api/short-video")).json()) as {
      parses: { id: string; videoUploadId: string | null; audioUploadId: string | null }[];
    };
    expect(list.parses.find((x) => x.id === id)).toMatchObject({ videoUploadId: null, audioUploadId: null });
  });
});
