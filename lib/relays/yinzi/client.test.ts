// The YinziAI client against a loopback server answering the spec's envelope: status mapping,
// errors sorted into the kinds the route acts on (HTTP status or the envelope's code), Retry-After
// honoured, the connection test's "Order not found" meaning connected.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UpstreamError } from "@/lib/relays/types";
import { parseQuery, yinziAdapter, yinziConnectionTest } from "@/lib/relays/yinzi/client";

type Scripted = { status: number; body: unknown; headers?: Record<string, string> };
let next: Scripted[] = [];
let server: http.Server;
let baseUrl = "";
const creds = () => ({ baseUrl, apiKey: "yz-unit-key-000111222333" });
const signal = new AbortController().signal;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    req.resume();
    const a = next.shift() ?? { status: 500, body: { code: 500, msg: "unscripted" } };
    res.writeHead(a.status, { "content-type": "application/json", ...a.headers });
    res.end(JSON.stringify(a.body));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

async function failure(p: Promise<unknown>): Promise<UpstreamError> {
  const e = await p.catch((x: unknown) => x);
  expect(e).toBeInstanceOf(UpstreamError);
  return e as UpstreamError;
}

describe("YinziAI client", () => {
  it("maps the five order statuses", () => {
    const q = (status: string, extra = {}) => parseQuery({ status, stuffs: [], ...extra });
    expect(q("pending").status).toBe("queued");
    expect(q("processing").status).toBe("running");
    expect(q("finish", { cost: 10, balance: 990 })).toMatchObject({ status: "succeeded", cost: 10, balance: 990 });
    expect(q("failed", { reason: "bad audio" })).toMatchObject({
      status: "failed",
      reason: "bad audio",
      failureKind: "bad_request",
    });
    expect(q("timeout")).toMatchObject({ status: "failed", failureKind: "unavailable" });
  });

  it("sorts failures by HTTP status or by the envelope's code", async () => {
    const a = yinziAdapter(10);
    const req = { orderType: "track-separation", inputUrl: "https://example.com/a.mp3" };
    next = [{ status: 200, body: { code: 0, data: { orderNo: "ABC123" }, msg: "success" } }];
    expect(await a.submit(creds(), req, signal)).toEqual({ taskId: "ABC123" });

    next = [{ status: 200, body: { code: 500, data: null, msg: "Internal error" } }];
    expect((await failure(a.submit(creds(), req, signal))).kind).toBe("unavailable");
    next = [{ status: 429, body: { code: 429, msg: "slow down" }, headers: { "retry-after": "7" } }];
    expect(await failure(a.submit(creds(), req, signal))).toMatchObject({ kind: "unavailable", retryAfterMs: 7000 });
    next = [{ status: 400, body: { code: 400, msg: "pathKey is required" } }];
    expect(await failure(a.submit(creds(), req, signal))).toMatchObject({
      kind: "bad_request",
      message: "pathKey is required",
    });
    next = [{ status: 200, body: { code: 400, msg: "ErrorCode.USER_BLANCE_NOT_ENOUGH" } }];
    expect((await failure(a.submit(creds(), req, signal))).kind).toBe("insufficient_balance");
    next = [{ status: 401, body: { code: 401, msg: "Invalid API Key" } }];
    expect((await failure(a.submit(creds(), req, signal))).kind).toBe("auth");
    next = [{ status: 200, body: { code: 400, msg: "Order not found" } }];
    expect((await failure(a.poll(creds(), "NOPE", signal))).kind).toBe("not_found");
    next = [{ status: 502, body: "<html>bad gateway</html>" }];
    expect((await failure(a.poll(creds(), "X", signal))).kind).toBe("unavailable");
  });

  it("cannot reach the server: unavailable", async () => {
    const e = await failure(yinziAdapter(10).poll({ baseUrl: "http://127.0.0.1:1", apiKey: "k" }, "X", signal));
    expect(e.kind).toBe("unavailable");
  });

  it("connection test: 'Order not found' with a good key is connected; 401 is auth", async () => {
    next = [{ status: 200, body: { code: 400, data: null, msg: "Order not found" } }];
    expect(await yinziConnectionTest(creds(), signal)).toEqual({ balance: null });
    next = [{ status: 200, body: { code: 0, data: { status: "processing", balance: 42 } } }];
    expect(await yinziConnectionTest(creds(), signal)).toEqual({ balance: 42 });
    next = [{ status: 401, body: { code: 401, msg: "Invalid API Key" } }];
    expect((await failure(yinziConnectionTest(creds(), signal))).kind).toBe("auth");
  });
});
