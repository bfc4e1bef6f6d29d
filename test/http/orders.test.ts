// Orders end to end over real HTTP, as a reader of the YinziAI document would use them: a
// production server with its embedded job runner, media served from a loopback fixture server.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeToFloat32, probe } from "@/lib/media/ffmpeg";
import { priceFor } from "@/lib/orders/price-formula";
import { hlsPlaylist, makeLyingMkv, makeMix, serveFixtures, snrDb, type FixtureServer } from "@/test/helpers/media";
import { startServer, type TestServer } from "@/test/helpers/server";
import { storedFiles } from "@/test/helpers/stored";
import { Client } from "@/test/http/client";

let server: TestServer;
let fixtures: FixtureServer;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-orders-"));
const pw = "a long password 1";

let admin: Client;
let key: string;
let userId: string;
/** The decoded length of lie300.mkv, measured here the way a customer would (by decoding it). */
let measured300: number;

type Envelope<T = Record<string, unknown>> = { code: number; data: T; msg: string };

async function api<T = Record<string, unknown>>(
  p: string,
  init: RequestInit & { json?: unknown; key?: string | null } = {},
) {
  const headers = new Headers(init.headers);
  const k = init.key === undefined ? key : init.key;
  if (k) headers.set("authorization", `Bearer ${k}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set("content-type", "application/json");
    body = JSON.stringify(init.json);
  }
  const res = await fetch(`${server.baseUrl}${p}`, { ...init, headers, body });
  return { status: res.status, body: (await res.json()) as Envelope<T> };
}

const create = (orderType: string, pathKey: string, extra: RequestInit & { key?: string | null } = {}) =>
  api<{ orderNo: string; orderStatus: string; payStatus: string; messageId: string; orderType: string }>(
    "/api/open/v1/order/create",
    {
      method: "POST",
      json: { orderType, stuff: { pathKey } },
      ...extra,
    },
  );

type Query = {
  orderNo: string;
  status: string;
  cost: number;
  reason: string | null;
  balance: number;
  stuffs: { name: string; business: string; url: string }[];
};
const query = (orderNo: string, k?: string) => api<Query>(`/api/open/v1/order/query?orderNo=${orderNo}`, { key: k });

async function until(orderNo: string, statuses: string[], k?: string, ms = 90_000) {
  const end = Date.now() + ms;
  for (;;) {
    const q = await query(orderNo, k);
    if (statuses.includes(q.body.data?.status)) return q;
    if (Date.now() > end) throw new Error(`order ${orderNo} still ${q.body.data?.status}`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

const balanceOf = async (k = key) =>
  (await api<{ balance: number; held: number }>("/api/open/v1/account/balance", { key: k })).body.data;

beforeAll(async () => {
  makeMix(path.join(dir, "mix.mp3"), 6);
  makeMix(path.join(dir, "long.wav"), 200);
  fs.writeFileSync(path.join(dir, "notes.txt"), "this is not audio\n".repeat(100));
  makeLyingMkv(path.join(dir, "lie300.mkv"), 300, 1);
  fs.copyFileSync(path.join(dir, "lie300.mkv"), path.join(dir, "long300.mp3"));
  const pcm = await decodeToFloat32(path.join(dir, "lie300.mkv"), { sampleRate: 8000 });
  measured300 = pcm.left.length / 8000;
  fixtures = await serveFixtures(dir);
  server = await startServer({
    env: {
      FETCH_ALLOW_HOSTS: "127.0.0.1",
      DATA_DIR: path.join(dir, "data"),
      JOBS_POLL_MS: "200",
      JOBS_BACKOFF_SECONDS: "0.2",
      MAX_UPLOAD_MB: "1",
      // Only the engines that need nothing configured, so a music file has nothing to read.
      TRANSCRIBE_ENGINES: "subtitles,openai",
    },
  });
  admin = new Client(server.baseUrl);
  userId = (
    await admin.signUp({ email: `orders-${randomUUID().slice(0, 6)}@example.com`, name: "Orders", password: pw })
  ).id;
  await admin.fetch(`/api/admin/users/${userId}/credits`, {
    method: "POST",
    json: { amount: 1000, reason: "test credits" },
  });
  key = (await (await admin.fetch("/api/keys", { method: "POST", json: { name: "orders" } })).json()).key;
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await fixtures?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("Open API orders", () => {
  it("track-separation: create, poll to finish, charge once on the first query, download valid stems that sum to the mix", async () => {
    const before = await balanceOf();
    const created = await create("track-separation", `${fixtures.baseUrl}/mix.mp3`);
    expect(created.status).toBe(200);
    expect(created.body).toMatchObject({
      code: 0,
      msg: "success",
      data: { orderType: "track-separation", payStatus: "waiting" },
    });
    expect(created.body.data.orderNo).toMatch(/^[A-Za-z0-9]{18}$/);
    expect(["pending", "processing"]).toContain(created.body.data.orderStatus);
    expect(created.body.data.messageId).toBeTruthy();
    // The base price (5 by default) is held at once.
    expect(await balanceOf()).toEqual({
      ...before,
      balance: before.balance - 5,
      held: before.held + 5,
      team: expect.any(String),
    });

    const done = await until(created.body.data.orderNo, ["finish", "failed"]);
    expect(done.body.data).toMatchObject({ status: "finish", reason: null, cost: 10 }); // 5 + 5 × 1 started minute
    expect(done.body.data.balance).toBe(before.balance - 10);
    const again = await query(created.body.data.orderNo);
    expect(again.body.data).toMatchObject({ cost: 10, balance: before.balance - 10 });
    expect((await balanceOf()).held).toBe(before.held);

    const stuffs = done.body.data.stuffs;
    expect(stuffs.map((s) => [s.name, s.business])).toEqual([
      ["vocals.mp3", "vocals"],
      ["accompaniment.mp3", "accompaniment"],
    ]);
    const files: string[] = [];
    for (const s of stuffs) {
      const res = await fetch(s.url);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-type")).toBe("audio/mpeg");
      const f = path.join(dir, `dl-${s.name}`);
      fs.writeFileSync(f, Buffer.from(await res.arrayBuffer()));
      const p = await probe(f);
      expect(p.audio).not.toBeNull();
      expect(Math.abs(p.durationSec - 6)).toBeLessThan(0.15);
      files.push(f);
    }
    const mix = await decodeToFloat32(path.join(dir, "mix.mp3"));
    const [v, a] = await Promise.all(files.map((f) => decodeToFloat32(f)));
    const sum = new Float32Array(mix.left.length);
    for (let i = 0; i < sum.length; i++) sum[i] = (v.left[i] ?? 0) + (a.left[i] ?? 0);
    expect(snrDb(mix.left, sum)).toBeGreaterThan(15);
  });

  it("extract-voice returns the vocals only and extract-music the accompaniment only (?apiKey= works)", async () => {
    const voice = await api<{ orderNo: string }>(`/api/open/v1/order/create?apiKey=${key}`, {
      method: "POST",
      key: null,
      json: { orderType: "extract-voice", stuff: { pathKey: `${fixtures.baseUrl}/mix.mp3` } },
    });
    const music = await create("extract-music", `${fixtures.baseUrl}/mix.mp3`);
    const v = await until(voice.body.data.orderNo, ["finish", "failed"]);
    const m = await until(music.body.data.orderNo, ["finish", "failed"]);
    expect(v.body.data.stuffs.map((s) => s.business)).toEqual(["vocals"]);
    expect(m.body.data.stuffs.map((s) => s.business)).toEqual(["accompaniment"]);
  });

  it("100 concurrent first queries of a finished order charge it exactly once", async () => {
    const created = await create("extract-voice", `${fixtures.baseUrl}/mix.mp3`);
    const orderNo = created.body.data.orderNo;
    // Wait for finish without querying through the API (that would charge).
    const end = Date.now() + 90_000;
    while ((await (await admin.fetch(`/api/orders?q=${orderNo}`)).json()).orders[0].status !== "finish") {
      if (Date.now() > end) throw new Error("did not finish");
      await new Promise((r) => setTimeout(r, 300));
    }
    const before = await balanceOf();
    const results = await Promise.all(Array.from({ length: 100 }, () => query(orderNo)));
    expect(results.every((r) => r.body.code === 0 && r.body.data.cost === 9)).toBe(true);
    const after = await balanceOf();
    expect(after.balance).toBe(before.balance); // the hold becomes the charge; nothing else moves
    expect(after.held).toBe(before.held - 9);
    const ledger = await (await admin.fetch(`/api/admin/ledger?userId=${userId}&pageSize=200`)).json();
    const captures = ledger.entries.filter(
      (e: { kind: string; ref: string }) => e.kind === "capture" && e.ref === `order:${orderNo}`,
    );
    expect(captures).toHaveLength(1);
  });

  it("Idempotency-Key: the same key and body return the same order; another body is a 400", async () => {
    const k = randomUUID();
    const a = await create("extract-music", `${fixtures.baseUrl}/mix.mp3`, { headers: { "idempotency-key": k } });
    const b = await create("extract-music", `${fixtures.baseUrl}/mix.mp3`, { headers: { "idempotency-key": k } });
    expect(b.body.data.orderNo).toBe(a.body.data.orderNo);
    const c = await create("extract-voice", `${fixtures.baseUrl}/mix.mp3`, { headers: { "idempotency-key": k } });
    expect(c).toEqual({
      status: 400,
      body: { code: 400, data: null, msg: "Idempotency-Key was already used with a different request" },
    });
    await until(a.body.data.orderNo, ["finish", "failed"]);
  });

  it("inputs that are not media, unreachable or blocked fail with a clear reason and cost nothing", async () => {
    const before = await balanceOf();
    const cases: [string, RegExp][] = [
      [`${fixtures.baseUrl}/notes.txt`, /not audio or video/i],
      [`${fixtures.baseUrl}/status/404`, /Could not download pathKey: The link answered HTTP 404/],
      [
        `http://127.0.0.2:${new URL(fixtures.baseUrl).port}/mix.mp3`,
        /Could not download pathKey: Refusing to fetch 127\.0\.0\.2: it is a loopback address/,
      ],
    ];
    for (const [pathKey, reason] of cases) {
      const c = await create("track-separation", pathKey);
      const q = await until(c.body.data.orderNo, ["finish", "failed"]);
      expect(q.body.data.status, pathKey).toBe("failed");
      expect(q.body.data.reason, pathKey).toMatch(reason);
      expect(q.body.data.cost).toBe(0);
    }
    expect(await balanceOf()).toEqual(before);
  });

  it("a transient upstream failure is retried and the order still finishes", async () => {
    const c = await create("extract-voice", `${fixtures.baseUrl}/flaky/mix.mp3`);
    const q = await until(c.body.data.orderNo, ["finish", "failed"]);
    expect(q.body.data.status).toBe("finish");
    expect(fixtures.hits.get("/flaky/mix.mp3")).toBe(2);
  });

  it("extract-text with no engine able to read the file fails, naming what to configure, without a charge", async () => {
    const before = await balanceOf();
    const c = await create("extract-text", `${fixtures.baseUrl}/mix.mp3`);
    expect(c.body.code).toBe(0);
    const q = await until(c.body.data.orderNo, ["finish", "failed"]);
    expect(q.body.data).toMatchObject({
      status: "failed",
      cost: 0,
      reason:
        "No transcription engine could read this file (subtitles: the file has no embedded subtitles; openai: no transcription server is configured (set its base URL on the admin settings page or TRANSCRIBE_BASE_URL)); the order was not charged",
    });
    expect(await balanceOf()).toEqual(before);
  });

  it("the hold is raised to the measured price, or the order fails with ErrorCode.USER_BLANCE_NOT_ENOUGH and the hold is released", async () => {
    const poor = new Client(server.baseUrl);
    const { id } = await poor.signUp({
      email: `poor-${randomUUID().slice(0, 6)}@example.com`,
      name: "Poor",
      password: pw,
    });
    await admin.fetch(`/api/admin/users/${id}/credits`, { method: "POST", json: { amount: 12, reason: "a little" } });
    const poorKey = (await (await poor.fetch("/api/keys", { method: "POST", json: { name: "p" } })).json()).key;
    // 200 s = 4 started minutes → 5 + 5 × 4 = 25 credits > 12.
    const c = await create("track-separation", `${fixtures.baseUrl}/long.wav`, { key: poorKey });
    expect(c.body.code).toBe(0);
    const q = await until(c.body.data.orderNo, ["finish", "failed"], poorKey);
    expect(q.body.data).toMatchObject({
      status: "failed",
      reason: "ErrorCode.USER_BLANCE_NOT_ENOUGH",
      cost: 0,
      balance: 12,
    });
    expect(await balanceOf(poorKey)).toMatchObject({ balance: 12, held: 0 });
    // With nothing left to hold the base price, create itself refuses.
    await admin.fetch(`/api/admin/users/${id}/credits`, { method: "POST", json: { amount: -10, reason: "spend" } });
    const refused = await create("track-separation", `${fixtures.baseUrl}/mix.mp3`, { key: poorKey });
    expect(refused).toEqual({ status: 400, body: { code: 400, data: null, msg: "ErrorCode.USER_BLANCE_NOT_ENOUGH" } });
  });
});

describe("browser uploads", () => {
  const upload = (c: Client, bytes: Buffer, name = "mix.mp3") => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(bytes)]), name);
    return c.fetch("/api/uploads", { method: "POST", body: form });
  };

  it("an uploaded file becomes a pathKey that orders of the same team can use", async () => {
    const res = await upload(admin, fs.readFileSync(path.join(dir, "mix.mp3")));
    expect(res.status).toBe(201);
    const up = await res.json();
    expect(up).toMatchObject({ filename: "mix.mp3", pathKey: `upload:${up.id}` });
    const c = await create("track-separation", up.pathKey);
    const q = await until(c.body.data.orderNo, ["finish", "failed"]);
    expect(q.body.data.status).toBe("finish");
    expect(q.body.data.stuffs).toHaveLength(2);

    const other = new Client(server.baseUrl);
    await other.signUp({ email: `up-${randomUUID().slice(0, 6)}@example.com`, name: "Up", password: pw });
    const otherKey = (await (await other.fetch("/api/keys", { method: "POST", json: { name: "o" } })).json()).key;
    expect(await create("track-separation", up.pathKey, { key: otherKey })).toEqual({
      status: 400,
      body: { code: 400, data: null, msg: "pathKey refers to an upload that does not exist" },
    });
  });

  it("refuses uploads over the size cap, empty ones, files that are not audio or video and non-multipart bodies", async () => {
    const big = await upload(admin, Buffer.alloc(2 * 1024 * 1024, 7));
    expect(big.status).toBe(400);
    expect((await big.json()).detail).toBe("The file is larger than the 1 MB upload limit");
    const empty = await upload(admin, Buffer.alloc(0));
    expect((await empty.json()).detail).toBe("The uploaded file is empty");
    // Not audio or video: refused at upload, in the problem envelope with a code to translate by.
    const text = await upload(admin, Buffer.from("just some notes, not a song\n".repeat(50)), "notes.mp3");
    expect(text.status).toBe(415);
    expect(text.headers.get("content-type")).toBe("application/problem+json");
    expect(await text.json()).toMatchObject({
      status: 415,
      code: "not_media",
      detail: "The file is not audio or video",
      fields: { file: "Not audio or video" },
    });
    const plain = await admin.fetch("/api/uploads", { method: "POST", json: { file: "x" } });
    expect(plain.status).toBe(400);
    expect(
      (await new Client(server.baseUrl).fetch("/api/uploads", { method: "POST", body: new FormData() })).status,
    ).toBe(401);
  });
});

describe("OpenAPI description", () => {
  it("is served at /api/openapi.json from the same contracts", async () => {
    const doc = await (await fetch(`${server.baseUrl}/api/openapi.json`)).json();
    expect(doc.openapi).toBe("3.1.0");
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining(["/api/open/v1/order/create", "/api/open/v1/order/query"]),
    );
    const body = doc.paths["/api/open/v1/order/create"].post.requestBody.content["application/json"].schema;
    expect(body.required).toEqual(["orderType", "stuff"]);
    expect(body.properties.orderType.enum).toEqual([
      "track-separation",
      "extract-voice",
      "extract-music",
      "extract-text",
    ]);
    const ok = doc.paths["/api/open/v1/order/query"].get.responses["200"].content["application/json"].schema;
    expect(ok.properties.data.properties.status.enum).toEqual(["pending", "processing", "finish", "failed", "timeout"]);
  });
});

describe("Open API errors", () => {
  it("answers the document's messages in its envelope", async () => {
    const noKey = await create("track-separation", `${fixtures.baseUrl}/mix.mp3`, { key: null });
    expect(noKey).toEqual({ status: 401, body: { code: 401, data: null, msg: "API Key is required" } });
    const badKey = await create("track-separation", `${fixtures.baseUrl}/mix.mp3`, { key: "mxk_wrong" });
    expect(badKey).toEqual({ status: 401, body: { code: 401, data: null, msg: "Invalid API Key" } });

    const bodies: [unknown, string][] = [
      [{ orderType: "track-separation" }, "pathKey is required"],
      [{ orderType: "track-separation", stuff: {} }, "pathKey is required"],
      [{ orderType: "track-separation", stuff: { pathKey: "" } }, "pathKey is required"],
      [{ stuff: { pathKey: "https://example.com/a.mp3" } }, "orderType is required"],
      [
        { orderType: "karaoke", stuff: { pathKey: "https://example.com/a.mp3" } },
        "orderType must be one of track-separation, extract-voice, extract-music, extract-text",
      ],
      [
        { orderType: "track-separation", stuff: { pathKey: "ftp://example.com/a.mp3" } },
        "pathKey must be an http(s) link or an uploaded file (upload:<id>)",
      ],
      [[], "Request body must be a JSON object"],
      [{ orderType: "track-separation", stuff: { pathKey: 42 } }, "pathKey must be a string"],
    ];
    for (const [json, msg] of bodies) {
      const r = await api("/api/open/v1/order/create", { method: "POST", json });
      expect(r, JSON.stringify(json)).toEqual({ status: 400, body: { code: 400, data: null, msg } });
    }
    const malformed = await api("/api/open/v1/order/create", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{oops",
    });
    expect(malformed).toEqual({ status: 400, body: { code: 400, data: null, msg: "Request body is not valid JSON" } });

    expect(await api("/api/open/v1/order/query")).toEqual({
      status: 400,
      body: { code: 400, data: null, msg: "orderNo is required" },
    });
    expect(await query("AAAAAAAAAAAAAAAAAA")).toEqual({
      status: 400,
      body: { code: 400, data: null, msg: "Order not found" },
    });
  });

  it("another team's order is not found", async () => {
    const mine = await create("extract-music", `${fixtures.baseUrl}/mix.mp3`);
    const other = new Client(server.baseUrl);
    await other.signUp({ email: `other-${randomUUID().slice(0, 6)}@example.com`, name: "Other", password: pw });
    const otherKey = (await (await other.fetch("/api/keys", { method: "POST", json: { name: "o" } })).json()).key;
    expect(await query(mine.body.data.orderNo, otherKey)).toEqual({
      status: 400,
      body: { code: 400, data: null, msg: "Order not found" },
    });
    await until(mine.body.data.orderNo, ["finish", "failed"]);
  });

  it("download links are signed and refuse tampering", async () => {
    const c = await create("extract-voice", `${fixtures.baseUrl}/mix.mp3`);
    const q = await until(c.body.data.orderNo, ["finish"]);
    const url = new URL(q.body.data.stuffs[0].url);
    url.searchParams.set("sig", `x${url.searchParams.get("sig")!.slice(1)}`);
    expect((await fetch(url)).status).toBe(403);
    const expired = new URL(q.body.data.stuffs[0].url);
    expired.searchParams.set("exp", "1000");
    expect((await fetch(expired)).status).toBe(403);
    const inline = await fetch(q.body.data.stuffs[0].url);
    expect(inline.headers.get("content-disposition")).toBe('inline; filename="vocals.mp3"');
    if (server.s3) {
      // STORAGE=s3: the app's link redirects to the bucket, which serves the bytes from its own
      // origin with the stored type, so nothing sniffed there can run as this app.
      expect(new URL(inline.url).origin).not.toBe(server.baseUrl);
      expect(inline.headers.get("content-type")).toBe("audio/mpeg");
    } else expect(inline.headers.get("x-content-type-options")).toBe("nosniff");
    await inline.arrayBuffer();
    const attach = await fetch(`${q.body.data.stuffs[0].url}&download=1`);
    expect(attach.headers.get("content-disposition")).toBe('attachment; filename="vocals.mp3"');
    await attach.arrayBuffer();
    const range = await fetch(q.body.data.stuffs[0].url, { headers: { range: "bytes=0-99" } });
    expect(range.status).toBe(206);
    expect((await range.arrayBuffer()).byteLength).toBe(100);
  });
});

describe("untrusted media: playlists and lengths", () => {
  const teamKey = async (credits: number, name: string) => {
    const c = new Client(server.baseUrl);
    const { id } = await c.signUp({ email: `${name}-${randomUUID().slice(0, 6)}@example.com`, name, password: pw });
    if (credits)
      await admin.fetch(`/api/admin/users/${id}/credits`, {
        method: "POST",
        json: { amount: credits, reason: "test" },
      });
    return (await (await c.fetch("/api/keys", { method: "POST", json: { name } })).json()).key as string;
  };

  it("a playlist whose segment is another team's result fails uncharged and never yields that audio", async () => {
    // Team A finishes an order: its accompaniment lies in DATA_DIR/results/<orderNo>/.
    const a = await create("extract-music", `${fixtures.baseUrl}/mix.mp3`);
    const orderA = a.body.data.orderNo;
    await until(orderA, ["finish"]);
    expect(await storedFiles(server, path.join(dir, "data"), `results/${orderA}`)).toEqual(["accompaniment.mp3"]);

    // Team B's input is fetched to DATA_DIR/work/<orderNo>/input, two levels below DATA_DIR.
    const keyB = await teamKey(100, "team-b");
    const name = `steal-${orderA}.m3u8`;
    fs.writeFileSync(path.join(dir, name), hlsPlaylist([`../../results/${orderA}/accompaniment.mp3`]));
    for (const orderType of ["track-separation", "extract-music"]) {
      const b = await create(orderType, `${fixtures.baseUrl}/${name}`, { key: keyB });
      expect(b.body.code).toBe(0);
      const q = await until(b.body.data.orderNo, ["finish", "failed"], keyB);
      expect(q.body.data).toMatchObject({
        status: "failed",
        cost: 0,
        stuffs: [],
        reason: expect.stringMatching(/not audio or video/i),
      });
      expect(await storedFiles(server, path.join(dir, "data"), `results/${b.body.data.orderNo}`)).toEqual([]);
    }
    expect(await balanceOf(keyB)).toMatchObject({ balance: 100, held: 0 });
  });

  it("a playlist declaring 1 s over a 300 s segment (fetched by ffmpeg itself) is refused uncharged, the segment never fetched", async () => {
    const keyB = await teamKey(100, "hls-bill");
    fs.writeFileSync(path.join(dir, "short.m3u8"), hlsPlaylist([`${fixtures.baseUrl}/long300.mp3`], 1));
    const c = await create("track-separation", `${fixtures.baseUrl}/short.m3u8`, { key: keyB });
    const q = await until(c.body.data.orderNo, ["finish", "failed"], keyB);
    expect(q.body.data).toMatchObject({
      status: "failed",
      cost: 0,
      reason: expect.stringMatching(/not audio or video/i),
    });
    expect(fixtures.hits.get("/long300.mp3")).toBeUndefined();
    expect(await balanceOf(keyB)).toMatchObject({ balance: 100, held: 0 });
  });

  it("a file whose container declares 1 s but decodes to 300 s is priced by its 300 s", async () => {
    // 6 started minutes → 5 + 5 × 6 = 35 credits (the declared 1 s would be 10).
    const price = priceFor({ baseCredits: 5, perMinuteCredits: 5 }, measured300);
    expect(price).toBe(35);
    const poor = await teamKey(price - 1, "lie-poor");
    const c = await create("track-separation", `${fixtures.baseUrl}/lie300.mkv`, { key: poor });
    const q = await until(c.body.data.orderNo, ["finish", "failed"], poor);
    expect(q.body.data).toMatchObject({ status: "failed", reason: "ErrorCode.USER_BLANCE_NOT_ENOUGH", cost: 0 });
    expect(await balanceOf(poor)).toMatchObject({ balance: price - 1, held: 0 });

    // With enough credits the hold is raised to exactly that price once the file is measured
    // (separating 300 s is left to run: the price is settled before the engine starts).
    const rich = await teamKey(100, "lie-rich");
    const ok = await create("track-separation", `${fixtures.baseUrl}/lie300.mkv`, { key: rich });
    const end = Date.now() + 90_000;
    let held = (await balanceOf(rich)).held;
    while (held !== price && Date.now() < end) {
      const q = await query(ok.body.data.orderNo, rich);
      expect(q.body.data.status).not.toBe("failed");
      await new Promise((r) => setTimeout(r, 300));
      held = (await balanceOf(rich)).held;
    }
    expect(held).toBe(price);
    expect(await balanceOf(rich)).toMatchObject({ balance: 100 - price, held: price });
  }, 150_000);
});
