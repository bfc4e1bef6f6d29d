// The team webhook over real HTTP: configured by the owner, readable by members, a signed test
// event, order.finished / order.failed for Open API orders (so scripts can stop polling), retries
// with backoff, and the SSRF-safe fetcher refusing private addresses.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { makeMix, serveFixtures, type FixtureServer } from "@/test/helpers/media";
import { startReceiver, verifySignature, type Receiver } from "@/test/helpers/receiver";
import { startServer, type TestServer } from "@/test/helpers/server";
import { Client } from "@/test/http/client";

let server: TestServer;
let fixtures: FixtureServer;
let receiver: Receiver;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-webhooks-"));
const pw = "a long password 1";
let owner: Client;
let member: Client;
let key: string;

type Delivery = {
  id: string;
  event: string;
  url: string;
  attempt: number;
  status: string;
  responseStatus: number | null;
  error: string | null;
  nextAttemptAt: string | null;
};

const hook = async (c = owner) =>
  (await c.fetch("/api/team/webhook")).json() as Promise<{
    url: string | null;
    events: string[];
    secretHint: string;
    deliveries: Delivery[];
  }>;

async function openApi(p: string, json?: unknown) {
  const res = await fetch(`${server.baseUrl}${p}`, {
    method: json ? "POST" : "GET",
    headers: { authorization: `Bearer ${key}`, ...(json ? { "content-type": "application/json" } : {}) },
    body: json ? JSON.stringify(json) : undefined,
  });
  return (await res.json()) as {
    code: number;
    msg: string;
    data: {
      orderNo: string;
      status: string;
      cost: number;
      balance: number;
      reason: string | null;
      stuffs: { url: string }[];
    };
  };
}

beforeAll(async () => {
  makeMix(path.join(dir, "mix.mp3"), 4);
  fs.writeFileSync(path.join(dir, "notes.txt"), "this is not audio\n".repeat(100));
  fixtures = await serveFixtures(dir);
  receiver = await startReceiver();
  server = await startServer({
    env: {
      FETCH_ALLOW_HOSTS: "127.0.0.1",
      DATA_DIR: path.join(dir, "data"),
      JOBS_POLL_MS: "200",
      WEBHOOK_BACKOFF_SECONDS: "0.3",
      WEBHOOK_MAX_ATTEMPTS: "3",
    },
  });
  owner = new Client(server.baseUrl);
  const { id } = await owner.signUp({
    email: `hook-owner-${randomUUID().slice(0, 6)}@example.com`,
    name: "Owner",
    password: pw,
  });
  await owner.fetch(`/api/admin/users/${id}/credits`, {
    method: "POST",
    json: { amount: 500, reason: "test credits" },
  });
  key = (await (await owner.fetch("/api/keys", { method: "POST", json: { name: "hooks" } })).json()).key;
  const invite = await (await owner.fetch("/api/team/invites", { method: "POST", json: {} })).json();
  member = new Client(server.baseUrl);
  await member.signUp({
    email: `hook-member-${randomUUID().slice(0, 6)}@example.com`,
    name: "Member",
    password: pw,
    invite: invite.url.split("/").at(-1),
  });
}, 180_000);

afterAll(async () => {
  await server?.stop();
  await fixtures?.close();
  await receiver?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("team webhook", () => {
  it("owner configures it, members read it but cannot change it; the secret is shown once and its hint everywhere", async () => {
    const initial = await hook();
    expect(initial).toMatchObject({ url: null, events: [], deliveries: [] });
    expect(initial.secretHint).toMatch(/^whsec_….{4}$/);
    const put = await owner.fetch("/api/team/webhook", {
      method: "PUT",
      json: { url: `${receiver.baseUrl}/team`, events: ["order.finished", "order.failed"] },
    });
    expect(put.status).toBe(200);
    expect(await hook(member)).toMatchObject({
      url: `${receiver.baseUrl}/team`,
      events: ["order.finished", "order.failed"],
    });
    expect((await member.fetch("/api/team/webhook", { method: "PUT", json: { url: null, events: [] } })).status).toBe(
      403,
    );
    expect((await member.fetch("/api/team/webhook/secret", { method: "POST" })).status).toBe(403);
    expect(
      (await owner.fetch("/api/team/webhook", { method: "PUT", json: { url: "javascript:alert(1)", events: [] } }))
        .status,
    ).toBe(400);

    const rotated = await (await owner.fetch("/api/team/webhook/secret", { method: "POST" })).json();
    expect(rotated.secret).toMatch(/^whsec_[A-Za-z0-9_-]{40,}$/);
    const hint = `whsec_…${rotated.secret.slice(-4)}`;
    expect((await hook(member)).secretHint).toBe(hint);
    expect(await (await member.fetch("/api/keys/webhook-secret")).json()).toEqual({ secretHint: hint });
    expect(JSON.stringify(await hook())).not.toContain(rotated.secret);
  });

  it("send test event: delivered, signed with the current secret, shown in the log", async () => {
    const { secret } = await (await owner.fetch("/api/team/webhook/secret", { method: "POST" })).json();
    const res = await owner.fetch("/api/team/webhook/test", { method: "POST" });
    expect(res.status).toBe(200);
    const { delivery } = await res.json();
    expect(delivery).toMatchObject({
      event: "test",
      status: "delivered",
      attempt: 1,
      responseStatus: 200,
      error: null,
    });
    const got = receiver.received.filter((r) => r.headers["x-mixdesk-delivery"] === delivery.id);
    expect(got).toHaveLength(1);
    expect(verifySignature(secret, got[0].headers, got[0].raw)).toBe(true);
    expect(Math.abs(Number(got[0].headers["x-mixdesk-timestamp"]) - Date.now() / 1000)).toBeLessThan(30);
    expect((await hook(member)).deliveries[0]).toMatchObject({ id: delivery.id, event: "test", status: "delivered" });
    expect((await member.fetch("/api/team/webhook/test", { method: "POST" })).status).toBe(403);
  });

  it("order.finished carries the query payload and charges the order once; a later query agrees", async () => {
    const { secret } = await (await owner.fetch("/api/team/webhook/secret", { method: "POST" })).json();
    const created = await openApi("/api/open/v1/order/create", {
      orderType: "extract-voice",
      stuff: { pathKey: `${fixtures.baseUrl}/mix.mp3` },
    });
    expect(created.code).toBe(0);
    const orderNo = created.data.orderNo;
    const [event] = (
      await receiver.waitFor((r) =>
        r.some((x) => (x.json as { data?: { orderNo?: string } })?.data?.orderNo === orderNo),
      )
    ).filter((x) => (x.json as { data?: { orderNo?: string } })?.data?.orderNo === orderNo);
    expect(event.headers["x-mixdesk-event"]).toBe("order.finished");
    expect(verifySignature(secret, event.headers, event.raw)).toBe(true);
    const body = event.json as {
      event: string;
      data: {
        status: string;
        cost: number;
        payStatus: string;
        balance: number;
        stuffs: { url: string; business: string }[];
      };
    };
    expect(body).toMatchObject({
      event: "order.finished",
      data: { orderNo, orderType: "extract-voice", status: "finish", cost: 9, payStatus: "paid", reason: null },
    });
    expect(body.data.stuffs.map((s) => s.business)).toEqual(["vocals"]);
    expect((await fetch(body.data.stuffs[0].url)).status).toBe(200);
    const q = await openApi(`/api/open/v1/order/query?orderNo=${orderNo}`);
    expect(q.data).toMatchObject({ status: "finish", cost: 9, balance: body.data.balance });
  });

  it("order.failed is sent for a failed order; unsubscribed events are not", async () => {
    const created = await openApi("/api/open/v1/order/create", {
      orderType: "track-separation",
      stuff: { pathKey: `${fixtures.baseUrl}/notes.txt` },
    });
    const orderNo = created.data.orderNo;
    const match = (x: { json: unknown }) => (x.json as { data?: { orderNo?: string } })?.data?.orderNo === orderNo;
    const [event] = (await receiver.waitFor((r) => r.some(match))).filter(match);
    expect(event.json).toMatchObject({
      event: "order.failed",
      data: { orderNo, status: "failed", cost: 0, stuffs: [], reason: expect.stringMatching(/not audio or video/) },
    });

    await owner.fetch("/api/team/webhook", {
      method: "PUT",
      json: { url: `${receiver.baseUrl}/team`, events: ["order.finished"] },
    });
    const again = await openApi("/api/open/v1/order/create", {
      orderType: "track-separation",
      stuff: { pathKey: `${fixtures.baseUrl}/notes.txt` },
    });
    for (;;) {
      const q = await openApi(`/api/open/v1/order/query?orderNo=${again.data.orderNo}`);
      if (q.data.status === "failed") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    await new Promise((r) => setTimeout(r, 1500));
    expect(
      receiver.received.some((x) => (x.json as { data?: { orderNo?: string } })?.data?.orderNo === again.data.orderNo),
    ).toBe(false);
  });

  it("retries with backoff after 500s until 2xx; gives up after the bounded attempts; private addresses are refused", async () => {
    await owner.fetch("/api/team/webhook", {
      method: "PUT",
      json: { url: `${receiver.baseUrl}/flaky`, events: ["order.finished", "order.failed"] },
    });
    receiver.failNext("/flaky", 2);
    const first = await (await owner.fetch("/api/team/webhook/test", { method: "POST" })).json();
    expect(first.delivery).toMatchObject({
      status: "pending",
      attempt: 1,
      responseStatus: 500,
      error: "The receiver answered HTTP 500",
    });
    expect(first.delivery.nextAttemptAt).toBeTruthy();
    await receiver.waitFor((r) => r.filter((x) => x.path === "/flaky").length >= 3);
    const hits = receiver.received.filter((x) => x.path === "/flaky");
    expect(hits.map((h) => h.answered)).toEqual([500, 500, 200]);
    expect(hits[2].at - hits[1].at).toBeGreaterThan(hits[1].at - hits[0].at);
    const end = Date.now() + 10_000;
    let d: Delivery | undefined;
    while (Date.now() < end) {
      d = (await hook()).deliveries.find((x) => x.id === first.delivery.id);
      if (d?.status === "delivered") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(d).toMatchObject({ status: "delivered", attempt: 3, responseStatus: 200, nextAttemptAt: null });

    receiver.failNext("/never", 99, 500);
    await owner.fetch("/api/team/webhook", { method: "PUT", json: { url: `${receiver.baseUrl}/never`, events: [] } });
    const never = await (await owner.fetch("/api/team/webhook/test", { method: "POST" })).json();
    const end2 = Date.now() + 10_000;
    while (Date.now() < end2) {
      d = (await hook()).deliveries.find((x) => x.id === never.delivery.id);
      if (d?.status !== "pending") break;
      await new Promise((r) => setTimeout(r, 200));
    }
    expect(d).toMatchObject({ status: "failed", attempt: 3 });
    expect(receiver.received.filter((x) => x.path === "/never")).toHaveLength(3);

    const port = new URL(receiver.baseUrl).port;
    await owner.fetch("/api/team/webhook", {
      method: "PUT",
      json: { url: `http://127.0.0.2:${port}/private`, events: [] },
    });
    const blocked = await (await owner.fetch("/api/team/webhook/test", { method: "POST" })).json();
    expect(blocked.delivery.error).toMatch(/Refusing to fetch 127\.0\.0\.2: it is a loopback address/);
    expect(receiver.received.some((x) => x.path === "/private")).toBe(false);
  });
});
