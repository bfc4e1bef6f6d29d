// STORAGE=s3 over real HTTP, on an s3rver of this file's own that the tests stop and start again:
// while the bucket is down an upload answers a retryable 503 in its dialect's envelope (problem+json
// for the browser, {"detail"} for the draft API) and leaves nothing behind; once it is back the
// same request works. And a web process that runs no jobs still sweeps its own local copies.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { HeadObjectCommand, S3Client } from "@aws-sdk/client-s3";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeTone, serveFixtures, type FixtureServer } from "@/test/helpers/media";
import { type StoppableS3, stoppableBucket } from "@/test/helpers/s3";
import { startServer, type TestServer } from "@/test/helpers/server";
import { Client } from "@/test/http/client";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-s3-down-http-"));
const dataDir = path.join(dir, "data");
let s3: StoppableS3;
let server: TestServer;
let fixtures: FixtureServer;
let client: Client;
let key: string;

beforeAll(async () => {
  makeTone(path.join(dir, "tone.mp3"), 2);
  fixtures = await serveFixtures(dir);
  s3 = await stoppableBucket();
  server = await startServer({
    env: {
      ...s3.env,
      DATA_DIR: dataDir,
      FETCH_ALLOW_HOSTS: "127.0.0.1",
      // A web process only (workers run elsewhere): the local cache sweep must run here anyway.
      JOBS_EMBEDDED: "false",
      JOBS_MAINTENANCE_SECONDS: "1",
      STORAGE_CACHE_HOURS: "1",
    },
  });
  client = new Client(server.baseUrl);
  await client.signUp({
    email: `s3-${randomUUID().slice(0, 8)}@example.com`,
    name: "S3",
    password: "a long password 1",
  });
  key = ((await (await client.fetch("/api/keys", { method: "POST", json: { name: "d" } })).json()) as { key: string })
    .key;
});
afterAll(async () => {
  await server?.stop();
  await fixtures?.close();
  await s3?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const upload = () => {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(fs.readFileSync(path.join(dir, "tone.mp3")))]), "tone.mp3");
  return client.fetch("/api/uploads", { method: "POST", body: form });
};
const draftCall = (p: string, body: unknown) =>
  fetch(server.baseUrl + p, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify(body),
  });
const localUploads = () =>
  fs.existsSync(path.join(dataDir, "uploads")) ? fs.readdirSync(path.join(dataDir, "uploads")) : [];

describe("S3 down", () => {
  it("an upload answers 503 storage_unavailable with Retry-After, keeps nothing, and works once S3 is back", async () => {
    await s3.down();
    try {
      const res = await upload();
      expect(res.status).toBe(503);
      expect(res.headers.get("content-type")).toBe("application/problem+json");
      expect(Number(res.headers.get("retry-after"))).toBeGreaterThan(0);
      const body = (await res.json()) as { code: string; status: number; detail: string };
      expect(body).toMatchObject({ status: 503, code: "storage_unavailable" });
      expect(body.detail).toMatch(/storage is unavailable/i);
      expect(localUploads()).toEqual([]);
    } finally {
      await s3.up();
    }
    const again = await upload();
    expect(again.status).toBe(201);
  });

  it("the draft API's add_audios answers 503 with its {detail} envelope, then succeeds once S3 is back", async () => {
    const created = await draftCall("/v1/create_draft", {});
    expect(created.status).toBe(200);
    const { draft_url } = (await created.json()) as { draft_url: string };
    const infos = JSON.stringify([
      { audio_url: `${fixtures.baseUrl}/tone.mp3`, start: 0, end: 1_000_000, duration: 1_000_000 },
    ]);
    await s3.down();
    try {
      const res = await draftCall("/v1/add_audios", { draft_url, audio_infos: infos });
      expect(res.status).toBe(503);
      expect(res.headers.get("retry-after")).not.toBeNull();
      expect(await res.json()).toEqual({ detail: "文件存储暂时不可用，请稍后重试" });
    } finally {
      await s3.up();
    }
    const ok = await draftCall("/v1/add_audios", { draft_url, audio_infos: infos });
    expect(ok.status).toBe(200);
  });
});

describe("local cache in a web process", () => {
  it("old copies of stored objects go; fresh copies and files the bucket does not have stay", async () => {
    const res = await upload();
    expect(res.status).toBe(201);
    const { pathKey } = (await res.json()) as { pathKey: string };
    const id = pathKey.split(":").pop()!;
    // The copy materialise would make (the same bytes as the object), last written two hours ago.
    const copy = path.join(dataDir, "uploads", id);
    fs.copyFileSync(path.join(dir, "tone.mp3"), copy);
    const old = new Date(Date.now() - 2 * 3_600_000);
    fs.utimesSync(copy, old, old);
    const unstored = path.join(dataDir, "results", "not-persisted", "vocals.mp3");
    fs.mkdirSync(path.dirname(unstored), { recursive: true });
    fs.writeFileSync(unstored, "an output no bucket has yet");
    fs.utimesSync(unstored, old, old);
    const fresh = path.join(dataDir, "uploads", `${id}-fresh`);
    fs.writeFileSync(fresh, "x");

    const end = Date.now() + 20_000;
    while (fs.existsSync(copy) && Date.now() < end) await new Promise((r) => setTimeout(r, 200));
    expect(fs.existsSync(copy)).toBe(false);
    expect(fs.existsSync(unstored)).toBe(true);
    expect(fs.existsSync(fresh)).toBe(true);
    // The object itself is untouched.
    const bucket = new S3Client({
      endpoint: s3.env.S3_ENDPOINT,
      region: "us-east-1",
      forcePathStyle: true,
      credentials: { accessKeyId: s3.env.S3_ACCESS_KEY_ID, secretAccessKey: s3.env.S3_SECRET_ACCESS_KEY },
    });
    const head = await bucket.send(new HeadObjectCommand({ Bucket: s3.bucket, Key: `uploads/${id}` }));
    expect(head.ContentLength).toBe(fs.statSync(path.join(dir, "tone.mp3")).size);
    bucket.destroy();
  });
});
