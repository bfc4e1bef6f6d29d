// The fast lane (lib/http/fast-lane.ts) against Next's own pipeline: the same database served by
// `npm start`'s server twice, once with the lane and once with FAST_LANE=false, must give the same
// answer to every request the lane takes (status, dialect envelope, headers), and leave every other
// request to Next.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "@/test/helpers/server";
import { Client } from "@/test/http/client";

let lane: TestServer;
let next: TestServer;
let key: string;
let orderNo: string;

beforeAll(async () => {
  // Orders stay pending: this compares answers, not engines.
  lane = await startServer({ env: { JOBS_EMBEDDED: "false" } });
  next = await startServer({ databaseUrl: lane.databaseUrl, env: { JOBS_EMBEDDED: "false", FAST_LANE: "false" } });
  const admin = new Client(lane.baseUrl);
  const { id } = await admin.signUp({
    email: `lane-${randomUUID().slice(0, 6)}@example.com`,
    name: "Lane",
    password: "a long password 1",
  });
  await admin.fetch(`/api/admin/users/${id}/credits`, { method: "POST", json: { amount: 100, reason: "test" } });
  key = (await (await admin.fetch("/api/keys", { method: "POST", json: { name: "lane" } })).json()).key;
  // Through the lane server, but create is not on the lane: Next answers it.
  const created = await fetch(`${lane.baseUrl}/api/open/v1/order/create`, {
    method: "POST",
    headers: { authorization: `Bearer ${key}`, "content-type": "application/json" },
    body: JSON.stringify({ orderType: "track-separation", stuff: { pathKey: "https://example.com/lane.mp3" } }),
  });
  expect(created.status).toBe(200);
  orderNo = (await created.json()).data.orderNo;
  expect(orderNo).toBeTruthy();
}, 180_000);

afterAll(async () => {
  await Promise.all([lane?.stop(), next?.stop()]);
});

const COMPARED_HEADERS = [
  "content-type",
  "cache-control",
  "x-content-type-options",
  "x-frame-options",
  "referrer-policy",
  "cross-origin-opener-policy",
  "permissions-policy",
];

async function answer(base: string, path: string, init: RequestInit = {}) {
  const res = await fetch(base + path, init);
  const text = await res.text();
  return {
    status: res.status,
    body: text ? JSON.parse(text) : null,
    headers: Object.fromEntries(COMPARED_HEADERS.map((h) => [h, res.headers.get(h)])),
    requestId: res.headers.get("x-request-id"),
  };
}

describe("fast lane", () => {
  const cases: [string, () => [string, RequestInit]][] = [
    ["liveness", () => ["/api/health/live", {}]],
    ["order query without a key", () => [`/api/open/v1/order/query?orderNo=${orderNo}`, {}]],
    [
      "order query with a wrong key",
      () => [`/api/open/v1/order/query?orderNo=${orderNo}`, { headers: { authorization: "Bearer mxk_wrong" } }],
    ],
    [
      "order query without orderNo",
      () => ["/api/open/v1/order/query", { headers: { authorization: `Bearer ${key}` } }],
    ],
    [
      "order query of an unknown order",
      () => ["/api/open/v1/order/query?orderNo=NOPE123", { headers: { authorization: `Bearer ${key}` } }],
    ],
    [
      "order query of a pending order",
      () => [`/api/open/v1/order/query?orderNo=${orderNo}`, { headers: { authorization: `Bearer ${key}` } }],
    ],
    ["music record-info without a key", () => ["/api/v1/generate/record-info?taskId=x", {}]],
    [
      "music record-info of an unknown task",
      () => ["/api/v1/generate/record-info?taskId=nope", { headers: { authorization: `Bearer ${key}` } }],
    ],
  ];

  for (const [name, make] of cases) {
    it(`answers as Next does: ${name}`, async () => {
      const [path, init] = make();
      const fast = await answer(lane.baseUrl, path, init);
      const slow = await answer(next.baseUrl, path, init);
      expect(fast.status).toBe(slow.status);
      expect(fast.body).toEqual(slow.body);
      expect(fast.headers).toEqual(slow.headers);
      expect(fast.headers["x-content-type-options"]).toBe("nosniff");
      expect(fast.requestId).toMatch(/\S/);
    });
  }

  it("answers the pending order in the Open API's shape", async () => {
    const { status, body } = await answer(lane.baseUrl, `/api/open/v1/order/query?orderNo=${orderNo}`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(status).toBe(200);
    expect(body).toMatchObject({
      code: 0,
      data: { orderNo, status: "pending", stuffs: [], balance: expect.any(Number) },
    });
  });

  it("keeps the caller's request id, and answers HEAD without a body", async () => {
    const id = `lane-${randomUUID()}`;
    const res = await fetch(`${lane.baseUrl}/api/open/v1/order/query?orderNo=${orderNo}`, {
      headers: { authorization: `Bearer ${key}`, "x-request-id": id },
    });
    expect(res.headers.get("x-request-id")).toBe(id);
    const head = await fetch(`${lane.baseUrl}/api/open/v1/order/query?orderNo=${orderNo}`, {
      method: "HEAD",
      headers: { authorization: `Bearer ${key}` },
    });
    expect(head.status).toBe(200);
    expect(await head.text()).toBe("");
  });

  it("leaves other methods and routes to Next", async () => {
    // POST on a lane path: the route's own 405/envelope from Next, identical on both servers.
    const post = (base: string) => answer(base, `/api/open/v1/order/query?orderNo=${orderNo}`, { method: "POST" });
    const [fast, slow] = await Promise.all([post(lane.baseUrl), post(next.baseUrl)]);
    expect(fast.status).toBe(slow.status);
    // A page is rendered by Next, with the page CSP its proxy adds.
    const page = await fetch(`${lane.baseUrl}/signin`);
    expect(page.status).toBe(200);
    expect(page.headers.get("content-security-policy")).toContain("nonce-");
  });
});
