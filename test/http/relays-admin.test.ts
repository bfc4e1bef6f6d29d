// The relays admin API over real HTTP: administrators only, problem+json errors with fields, the
// upstream key never in an answer, a connection test against a loopback YinziAI, and the OpenAPI
// description of the routes.
import { randomBytes, randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type FakeYinzi, startFakeYinzi } from "@/test/helpers/fake-yinzi";
import { startServer, type TestServer } from "@/test/helpers/server";
import { Client } from "@/test/http/client";

let server: TestServer;
let fake: FakeYinzi;
let admin: Client;
let member: Client;

const signUp = async () => {
  const c = new Client(server.baseUrl);
  await c.signUp({ email: `r-${randomUUID().slice(0, 8)}@example.com`, name: "R", password: "a long password 1" });
  return c;
};

type View = {
  upstreams: { id: string; name: string; keyHint: string; outOfRotation: string | null }[];
  routes: Record<string, string[]>;
};

beforeAll(async () => {
  fake = await startFakeYinzi();
  server = await startServer({ env: { RELAY_MASTER_KEY: randomBytes(32).toString("hex") } });
  admin = await signUp(); // the first account is the administrator
  member = await signUp();
});
afterAll(async () => {
  await Promise.all([server?.stop(), fake?.close()]);
});

describe("/api/admin/relays", () => {
  it("is for administrators only", async () => {
    const res = await member.fetch("/api/admin/relays");
    expect(res.status).toBe(403);
    expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
    const write = await member.fetch("/api/admin/relays/upstreams", {
      method: "POST",
      json: { name: "x", kind: "yinzi", baseUrl: fake.baseUrl, apiKey: fake.apiKey },
    });
    expect(write.status).toBe(403);
    expect((await (await admin.fetch("/api/admin/relays")).json()).upstreams).toEqual([]);
  });

  it("adds an upstream, answers only the key's hint, tests it and routes to it", async () => {
    const created = await admin.fetch("/api/admin/relays/upstreams", {
      method: "POST",
      json: {
        name: "YinziAI",
        kind: "yinzi",
        baseUrl: fake.baseUrl,
        apiKey: fake.apiKey,
        costs: { "extract-voice": 2 },
      },
    });
    const createdText = await created.text();
    expect(created.status, createdText).toBe(201);
    expect(createdText).not.toContain(fake.apiKey);
    const u = (JSON.parse(createdText) as View).upstreams[0];
    expect(u).toMatchObject({ name: "YinziAI", keyHint: `…${fake.apiKey.slice(-4)}` });

    const tested = await admin.fetch(`/api/admin/relays/upstreams/${u.id}/test`, { method: "POST" });
    const testedText = await tested.text();
    expect(tested.status).toBe(200);
    expect(JSON.parse(testedText)).toMatchObject({ ok: true, error: null });
    expect(testedText).not.toContain(fake.apiKey);

    const routed = await admin.fetch("/api/admin/relays/routes", {
      method: "PUT",
      json: { "extract-voice": [`upstream:${u.id}`, "local"] },
    });
    expect(routed.status).toBe(200);
    expect(((await routed.json()) as View).routes["extract-voice"]).toEqual([`upstream:${u.id}`, "local"]);
  });

  it("refuses a route step its kind cannot serve, naming the type in fields", async () => {
    const { upstreams } = (await (await admin.fetch("/api/admin/relays")).json()) as View;
    const res = await admin.fetch("/api/admin/relays/routes", {
      method: "PUT",
      json: { "upload-extend": [`upstream:${upstreams[0].id}`, "local"] },
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/application\/problem\+json/);
    const problem = await res.json();
    expect(Object.keys(problem.fields)).toEqual(["upload-extend"]);
    expect(problem.detail).toMatch(/cannot serve upload-extend/);
  });

  it("edits and deletes: a new key replaces the old, an unknown id is 404, deletion empties the route", async () => {
    const { upstreams } = (await (await admin.fetch("/api/admin/relays")).json()) as View;
    const id = upstreams[0].id;
    const newKey = `yz-${randomBytes(10).toString("hex")}`;
    const edited = await admin.fetch(`/api/admin/relays/upstreams/${id}`, {
      method: "PATCH",
      json: { apiKey: newKey },
    });
    const editedText = await edited.text();
    expect(edited.status).toBe(200);
    expect(editedText).not.toContain(newKey);
    expect((JSON.parse(editedText) as View).upstreams[0].keyHint).toBe(`…${newKey.slice(-4)}`);

    expect((await admin.fetch("/api/admin/relays/upstreams/nope", { method: "PATCH", json: {} })).status).toBe(404);
    const deleted = await admin.fetch(`/api/admin/relays/upstreams/${id}`, { method: "DELETE" });
    expect(deleted.status).toBe(200);
    const after = (await deleted.json()) as View;
    expect(after.upstreams).toEqual([]);
    expect(after.routes["extract-voice"]).toEqual(["local"]);
  });

  it("is described in the OpenAPI document", async () => {
    const doc = await (await fetch(`${server.baseUrl}/api/openapi.json`)).json();
    for (const p of [
      "/api/admin/relays",
      "/api/admin/relays/upstreams",
      "/api/admin/relays/upstreams/{id}",
      "/api/admin/relays/upstreams/{id}/test",
      "/api/admin/relays/routes",
    ])
      expect(doc.paths[p], p).toBeTruthy();
    expect(
      doc.paths["/api/admin/relays/upstreams"].post.requestBody.content["application/json"].schema.required,
    ).toEqual(expect.arrayContaining(["name", "kind", "baseUrl", "apiKey"]));
  });
});
