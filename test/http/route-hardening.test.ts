// The route layer's promises, over real HTTP against the production build: a request id on every
// answer of every dialect, body-size caps answered in the dialect's envelope before a large body is
// held, browser writes refused from other sites or as text/plain, and the probe's 500s gone.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "@/test/helpers/server";
import { Client } from "@/test/http/client";

let server: TestServer;
let user: Client;
let key: string;
const pw = "a long password 1";

beforeAll(async () => {
  server = await startServer({ env: { MAX_JSON_BODY_KB: "64", MAX_ORDER_MINUTES: "0.1" } });
  user = new Client(server.baseUrl);
  await user.signUp({ email: `route-${Date.now()}@example.com`, name: "Route", password: pw });
  const created = await user.fetch("/api/keys", { method: "POST", json: { name: "route tests" } });
  key = ((await created.json()) as { key: string }).key;
}, 180_000);
afterAll(async () => {
  await server?.stop();
});

const rssKb = (pid: number) => Number(/VmRSS:\s+(\d+)/.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"))?.[1] ?? 0);

/** A body of `mb` megabytes streamed without a Content-Length (chunked), so only a streaming cap can stop it. */
function chunkedBody(mb: number): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(1024 * 1024).fill(0x20);
  let sent = 0;
  return new ReadableStream({
    pull(controller) {
      if (sent === 0) controller.enqueue(new TextEncoder().encode('{"orderType":"track-separation","pad":"'));
      if (sent++ >= mb) return controller.close();
      controller.enqueue(chunk);
    },
  });
}

async function post(path: string, body: BodyInit | ReadableStream, headers: Record<string, string>) {
  try {
    return await fetch(server.baseUrl + path, { method: "POST", body, headers, duplex: "half" } as RequestInit);
  } catch (error) {
    // The server may answer 413 and close before the client has finished sending: that is the point.
    throw new Error(`request failed: ${String(error)}`);
  }
}

describe("request ids", () => {
  it("every dialect answers with X-Request-Id, echoes a sane one and puts it in problem bodies", async () => {
    const open = await fetch(`${server.baseUrl}/api/open/v1/order/query?orderNo=nope`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(open.headers.get("x-request-id")).toMatch(/^[0-9a-f-]{36}$/);
    const draft = await fetch(`${server.baseUrl}/v1/get_draft?draft_id=${"0".repeat(32)}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(draft.status).toBe(404);
    expect(draft.headers.get("x-request-id")).toBeTruthy();
    const anonymous = await fetch(`${server.baseUrl}/api/me`, { headers: { "x-request-id": "trace-12345678" } });
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get("x-request-id")).toBe("trace-12345678");
    expect(await anonymous.json()).toMatchObject({ requestId: "trace-12345678", detail: "Sign in to continue" });
    const forged = await fetch(`${server.baseUrl}/api/me`, { headers: { "x-request-id": "<script>" } });
    expect(forged.headers.get("x-request-id")).not.toBe("<script>");
  });
});

describe("body size caps", () => {
  it("a declared oversize body is refused with 413 in each dialect's envelope", async () => {
    const big = "x".repeat(200 * 1024);
    const open = await post("/api/open/v1/order/create", JSON.stringify({ pad: big }), {
      authorization: `Bearer ${key}`,
      "content-type": "application/json",
    });
    expect(open.status).toBe(413);
    expect(await open.json()).toEqual({ code: 413, data: null, msg: "Request body is too large (limit 64 KB)" });
    const draft = await post("/v1/create_draft", JSON.stringify({ pad: big }), {
      authorization: `Bearer ${key}`,
      "content-type": "application/json",
    });
    expect(draft.status).toBe(413);
    expect(await draft.json()).toEqual({ detail: "请求体过大" });
    const browser = await user.fetch("/api/orders", { method: "POST", json: { pad: big } });
    expect(browser.status).toBe(413);
    expect(browser.headers.get("content-type")).toContain("application/problem+json");
  });

  it("a 300 MB chunked body is cut off at the cap and the server does not keep it", async () => {
    const before = rssKb(server.pid);
    const res = await post("/api/open/v1/order/create", chunkedBody(300), {
      authorization: `Bearer ${key}`,
      "content-type": "application/json",
    }).catch((e: Error) => e);
    if (res instanceof Error) {
      // An early close while we were still sending is acceptable; the cap is what matters.
      expect(res.message).toMatch(/request failed/);
    } else {
      expect(res.status).toBe(413);
      expect((await res.json()).code).toBe(413);
    }
    await new Promise((r) => setTimeout(r, 500));
    const grownMb = (rssKb(server.pid) - before) / 1024;
    expect(grownMb).toBeLessThan(150);
    // Still serving.
    expect((await fetch(`${server.baseUrl}/api/health`)).status).toBe(200);
  });
});

describe("browser writes", () => {
  it("refuse text/plain bodies (a CORS simple request) with 415", async () => {
    const res = await user.fetch("/api/keys", {
      method: "POST",
      headers: { "content-type": "text/plain" },
      body: JSON.stringify({ name: "x" }),
    });
    expect(res.status).toBe(415);
    expect(await res.json()).toMatchObject({ status: 415 });
  });

  it("refuse another site's Origin and a cross-site Sec-Fetch-Site, accept our own", async () => {
    const evil = await user.fetch("/api/keys", {
      method: "POST",
      json: { name: "x" },
      headers: { origin: "https://evil.example" },
    });
    expect(evil.status).toBe(403);
    const crossSite = await user.fetch("/api/keys", {
      method: "POST",
      json: { name: "x" },
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(crossSite.status).toBe(403);
    const own = await user.fetch("/api/keys", {
      method: "POST",
      json: { name: "mine" },
      headers: { origin: server.baseUrl, "sec-fetch-site": "same-origin" },
    });
    expect(own.status).toBe(201);
    // Reads are not state-changing and stay open to our own pages whatever they send.
    expect((await user.fetch("/api/keys", { headers: { "sec-fetch-site": "same-origin" } })).status).toBe(200);
  });

  it("the upload route refuses other sites too", async () => {
    const form = new FormData();
    form.append("file", new Blob([new Uint8Array(10)]), "x.mp3");
    const res = await user.fetch("/api/uploads", {
      method: "POST",
      body: form,
      headers: { "sec-fetch-site": "cross-site" },
    });
    expect(res.status).toBe(403);
  });
});

describe("the probe's 500s", () => {
  it("a file path that decodes to an invalid escape is a 404, not a URIError", async () => {
    const res = await fetch(`${server.baseUrl}/api/files/a%25ZZ?exp=1&sig=x`);
    expect(res.status).toBeLessThan(500);
    expect(res.headers.get("x-request-id")).toBeTruthy();
  });

  it("a history date in year 9999 is a 400 for the list and the CSV export", async () => {
    for (const path of [
      "/api/orders?to=9999-12-31",
      "/api/orders/export?to=9999-12-31",
      "/api/orders?from=0000-01-01",
    ]) {
      const res = await user.fetch(path);
      expect(res.status, path).toBe(400);
      expect((await res.json()).fields).toBeTruthy();
    }
    expect((await user.fetch("/api/orders?to=2026-12-31")).status).toBe(200);
  });
});

describe("typed errors", () => {
  it("unknown Open API JSON shapes and Prisma misses answer in the envelope", async () => {
    const res = await post("/api/open/v1/order/create", Readable.toWeb(Readable.from(["[1,2,3]"])) as ReadableStream, {
      authorization: `Bearer ${key}`,
      "content-type": "application/json",
    });
    expect(res.status).toBe(400);
    expect((await res.json()).code).toBe(400);
    const missing = await user.fetch("/api/admin/users/does-not-exist", { method: "PATCH", json: { disabled: true } });
    expect([403, 404]).toContain(missing.status);
  });
});

describe("order length cap", () => {
  it("media longer than MAX_ORDER_MINUTES fails uncharged with a reason saying so", async () => {
    const me = (await (await user.fetch("/api/me")).json()) as { user: { id: string } };
    await user.fetch(`/api/admin/users/${me.user.id}/credits`, {
      method: "POST",
      json: { amount: 100, reason: "length cap test" },
    });
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "mx-cap-")), "ten-seconds.mp3");
    execFileSync("ffmpeg", [
      "-v",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      "sine=frequency=440:duration=10",
      "-ac",
      "2",
      file,
    ]);
    const form = new FormData();
    form.append("file", new Blob([fs.readFileSync(file)], { type: "audio/mpeg" }), "ten-seconds.mp3");
    const uploaded = (await (await user.fetch("/api/uploads", { method: "POST", body: form })).json()) as {
      pathKey: string;
    };
    const created = await user.fetch("/api/orders", {
      method: "POST",
      json: { orderType: "track-separation", stuff: { pathKey: uploaded.pathKey } },
    });
    expect(created.status).toBe(201);
    const { orderNo } = (await created.json()) as { orderNo: string };
    let order: { status: string; reason: string | null; payStatus: string; cost: number } | undefined;
    for (let i = 0; i < 120; i++) {
      order = await (await user.fetch(`/api/orders/${orderNo}`)).json();
      if (order?.status === "failed" || order?.status === "finish") break;
      await new Promise((r) => setTimeout(r, 500));
    }
    expect(order).toMatchObject({ status: "failed", payStatus: "released", cost: 0 });
    expect(order?.reason).toMatch(/at most 0.1 minutes/);
    const after = (await (await user.fetch("/api/me")).json()) as { balance: number; held: number };
    expect(after).toMatchObject({ balance: 100, held: 0 });
  });
});
