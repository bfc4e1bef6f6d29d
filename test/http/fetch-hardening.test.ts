// Hostile and broken sources over real HTTP: a production server with its embedded job runner
// (one job slot, the default), small fetch caps, and a loopback fixture server that trickles,
// goes silent or resets mid-body; and browser uploads that are not a whole multipart form.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { probe } from "@/lib/media/ffmpeg";
import { makeMix } from "@/test/helpers/media";
import { storedFiles } from "@/test/helpers/stored";
import { startServer, type TestServer } from "@/test/helpers/server";
import { Client } from "@/test/http/client";

let server: TestServer;
let fixtures: http.Server;
let src: string;
const hits = new Map<string, number>();
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-fetch-"));
const dataDir = path.join(dir, "data");
let mix: Buffer;
let admin: Client;
let key: string;

beforeAll(async () => {
  mix = fs.readFileSync(makeMix(path.join(dir, "mix.mp3"), 6));
  fixtures = http.createServer((req, res) => {
    const p = req.url ?? "/";
    hits.set(p, (hits.get(p) ?? 0) + 1);
    if (p === "/trickle.mp3") {
      // A byte every 100 ms for ever: never silent long enough for the idle cap, never done.
      res.writeHead(200, { "content-type": "audio/mpeg" });
      const t = setInterval(() => res.write(mix.subarray(0, 1)), 100);
      return res.on("close", () => clearInterval(t));
    }
    if (p === "/silent.mp3") return res.writeHead(200, { "content-type": "audio/mpeg" }).flushHeaders();
    if (p === "/reset-once.mp3" && hits.get(p) === 1) {
      // The first answer is delimited by the connection's close and cut by a reset halfway: a
      // half file must not pass for the whole one.
      req.socket.write("HTTP/1.1 200 OK\r\ncontent-type: audio/mpeg\r\nconnection: close\r\n\r\n");
      req.socket.write(mix.subarray(0, mix.length >> 1));
      return void setTimeout(() => req.socket.resetAndDestroy(), 200);
    }
    res.writeHead(200, { "content-type": "audio/mpeg", "content-length": mix.length }).end(mix);
  });
  await new Promise<void>((r) => fixtures.listen(0, "127.0.0.1", r));
  src = `http://127.0.0.1:${(fixtures.address() as AddressInfo).port}`;
  server = await startServer({
    env: {
      FETCH_ALLOW_HOSTS: "127.0.0.1",
      FETCH_TIMEOUT_SECONDS: "2",
      FETCH_IDLE_TIMEOUT_SECONDS: "1",
      DATA_DIR: dataDir,
      JOBS_POLL_MS: "200",
      JOBS_BACKOFF_SECONDS: "0.2",
      JOBS_MAX_ATTEMPTS: "2",
    },
  });
  admin = new Client(server.baseUrl);
  const { id } = await admin.signUp({
    email: `fetch-${randomUUID().slice(0, 6)}@example.com`,
    name: "Fetch",
    password: "a long password 1",
  });
  await admin.fetch(`/api/admin/users/${id}/credits`, {
    method: "POST",
    json: { amount: 1000, reason: "test credits" },
  });
  key = (await (await admin.fetch("/api/keys", { method: "POST", json: { name: "fetch" } })).json()).key;
}, 180_000);

afterAll(async () => {
  await server?.stop();
  fixtures?.closeAllConnections();
  fixtures?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

type Query = { status: string; reason: string | null; cost: number; stuffs: { name: string; url: string }[] };

async function api<T>(p: string, init: RequestInit & { json?: unknown } = {}) {
  const res = await fetch(`${server.baseUrl}${p}`, {
    ...init,
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: init.json === undefined ? undefined : JSON.stringify(init.json),
  });
  return ((await res.json()) as { data: T }).data;
}
const create = async (pathKey: string) =>
  (
    await api<{ orderNo: string }>("/api/open/v1/order/create", {
      method: "POST",
      json: { orderType: "extract-voice", stuff: { pathKey } },
    })
  ).orderNo;

async function settled(orderNo: string, ms = 60_000) {
  const end = Date.now() + ms;
  for (;;) {
    const q = await api<Query>(`/api/open/v1/order/query?orderNo=${orderNo}`);
    if (q.status === "finish" || q.status === "failed") return q;
    if (Date.now() > end) throw new Error(`order ${orderNo} still ${q.status}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

describe("order inputs from sources that misbehave", () => {
  it("a source trickling for ever is cut at FETCH_TIMEOUT_SECONDS and frees the job slot for the next order", async () => {
    const t = Date.now();
    const stuck = await create(`${src}/trickle.mp3`);
    const next = await create(`${src}/mix.mp3`);
    const q = await settled(stuck);
    // Two attempts of 2 s each, and the other order may run in between: nowhere near a stuck slot.
    expect(Date.now() - t).toBeLessThan(45_000);
    expect(q).toMatchObject({ status: "failed", cost: 0 });
    expect(q.reason).toMatch(
      /^Failed after 2 attempts: Could not download pathKey: Fetching 127\.0\.0\.1:\d+ took longer than 2 s$/,
    );
    expect(hits.get("/trickle.mp3")).toBe(2);
    expect((await settled(next)).status).toBe("finish");
  });

  it("a source that sends headers and then nothing is cut at FETCH_IDLE_TIMEOUT_SECONDS", async () => {
    const q = await settled(await create(`${src}/silent.mp3`));
    expect(q).toMatchObject({ status: "failed", cost: 0 });
    expect(q.reason).toMatch(
      /^Failed after 2 attempts: Could not download pathKey: 127\.0\.0\.1:\d+ sent nothing for 1 s$/,
    );
  });

  it("a reset halfway through the download is retried, and the order is made from the whole file", async () => {
    const q = await settled(await create(`${src}/reset-once.mp3`));
    expect(q.status).toBe("finish");
    expect(hits.get("/reset-once.mp3")).toBe(2);
    const vocals = path.join(dir, "vocals.mp3");
    fs.writeFileSync(vocals, Buffer.from(await (await fetch(q.stuffs[0].url)).arrayBuffer()));
    expect(Math.abs((await probe(vocals)).durationSec - 6)).toBeLessThan(0.15);
  });
});

describe("uploads that are not a whole multipart form", () => {
  // This machine's files and, with TEST_STORAGE=s3, the bucket's: a refused upload leaves neither.
  const uploadsLeft = async () => [
    ...(fs.existsSync(path.join(dataDir, "uploads")) ? fs.readdirSync(path.join(dataDir, "uploads")) : []),
    ...(server.s3 ? await storedFiles(server, dataDir, "uploads") : []),
  ];
  const B = "----mixdeskboundary";
  const head = `--${B}\r\nContent-Disposition: form-data; name="file"; filename="mix.mp3"\r\nContent-Type: audio/mpeg\r\n\r\n`;
  const problemOf = async (res: Response) => {
    expect(res.headers.get("content-type")).toBe("application/problem+json");
    return res.json();
  };

  it("answer a clear 400 problem, keep no partial file, and the server carries on", async () => {
    const before = await uploadsLeft();
    const noBoundary = await admin.fetch("/api/uploads", {
      method: "POST",
      headers: { "content-type": "multipart/form-data" },
      body: `${head}x\r\n--${B}--\r\n`,
    });
    expect(noBoundary.status).toBe(400);
    expect(await problemOf(noBoundary)).toMatchObject({
      type: "about:blank",
      title: "Bad request",
      status: 400,
      detail:
        "The upload's Content-Type has no multipart boundary: send it as multipart/form-data in a field named file",
    });

    const cut = await admin.fetch("/api/uploads", {
      method: "POST",
      headers: { "content-type": `multipart/form-data; boundary=${B}` },
      body: Buffer.concat([Buffer.from(head), mix.subarray(0, 100_000)]),
    });
    expect(cut.status).toBe(400);
    expect((await problemOf(cut)).detail).toBe(
      "The upload ended before the whole form arrived (the connection may have been cut): please try again",
    );

    const plain = await admin.fetch("/api/uploads", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: "hello",
    });
    expect(plain.status).toBe(400);
    expect((await problemOf(plain)).detail).toBe("Send the file as multipart/form-data in a field named file");

    // A browser that goes away halfway through: it sees no answer, the server keeps nothing.
    await new Promise<void>((resolve) => {
      const req = http.request(`${server.baseUrl}/api/uploads`, {
        method: "POST",
        headers: {
          cookie: admin.cookieHeader(),
          "content-type": `multipart/form-data; boundary=${B}`,
          "content-length": String(head.length + mix.length + 50),
        },
      });
      req.on("error", () => resolve());
      req.on("response", (r) => (r.resume(), resolve()));
      req.write(head);
      req.write(mix.subarray(0, 50_000), () => setTimeout(() => req.destroy(), 200));
    });
    await new Promise((r) => setTimeout(r, 500));
    expect(await uploadsLeft()).toEqual(before);

    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(mix)]), "mix.mp3");
    const ok = await admin.fetch("/api/uploads", { method: "POST", body: form });
    expect(ok.status).toBe(201);
  });
});
