// API keys over HTTP: created in the browser API, used against the Open API with its exact errors.
import { Client } from "@/test/http/client";
import { describe, expect, test } from "@/test/helpers/http-test";

describe("API keys over HTTP", () => {
  test("a key is shown once, listed by hint, works by Bearer and ?apiKey=, and stops working when revoked", async ({
    server,
    client: c,
  }) => {
    const created = await c.fetch("/api/keys", { method: "POST", json: { name: "n8n flow" } });
    expect(created.status).toBe(201);
    const { key, apiKey } = await created.json();
    expect(key).toMatch(/^mxk_/);

    const list = await (await c.fetch("/api/keys")).json();
    expect(list.keys).toEqual([
      expect.objectContaining({
        id: apiKey.id,
        name: "n8n flow",
        hint: `mxk_…${key.slice(-4)}`,
        status: "active",
        lastUsedAt: null,
      }),
    ]);
    expect(JSON.stringify(list)).not.toContain(key);

    const bearer = await fetch(`${server.baseUrl}/api/open/v1/account/balance`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(bearer.status).toBe(200);
    expect(await bearer.json()).toMatchObject({ code: 0, msg: "success", data: { balance: 0 } });
    const query = await fetch(`${server.baseUrl}/api/open/v1/account/balance?apiKey=${key}`);
    expect((await query.json()).code).toBe(0);

    const listed = await (await c.fetch("/api/keys")).json();
    expect(listed.keys[0].lastUsedAt).not.toBeNull();

    expect((await c.fetch(`/api/keys/${apiKey.id}`, { method: "DELETE" })).status).toBe(200);
    const revoked = await fetch(`${server.baseUrl}/api/open/v1/account/balance`, {
      headers: { authorization: `Bearer ${key}` },
    });
    expect(revoked.status).toBe(401);
    expect(await revoked.json()).toEqual({ code: 401, data: null, msg: "Invalid API Key" });
  });

  test("answers a missing key with the Open API's exact error", async ({ server }) => {
    const res = await fetch(`${server.baseUrl}/api/open/v1/account/balance`);
    expect(res.status).toBe(401);
    expect(await res.json()).toEqual({ code: 401, data: null, msg: "API Key is required" });
  });

  test("refuses bad key requests with clear errors", async ({ server, client: c }) => {
    const noName = await c.fetch("/api/keys", { method: "POST", json: { name: "  " } });
    expect(noName.status).toBe(400);
    expect((await noName.json()).fields.name).toBe("Give the key a name");
    const past = await c.fetch("/api/keys", { method: "POST", json: { name: "x", expiresAt: "2001-01-01T00:00:00Z" } });
    expect((await past.json()).fields.expiresAt).toBe("Expiry must be in the future");
    expect((await c.fetch("/api/keys/not-mine", { method: "DELETE" })).status).toBe(404);
    expect((await new Client(server.baseUrl).fetch("/api/keys")).status).toBe(401);
  });
});
