// Team owners over HTTP: limited-use invite links, role changes, removing members (whose API keys
// for the team stop working); emails are capped at 254 characters; cookies are Secure behind HTTPS.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "@/test/helpers/server";
import { Client } from "@/test/http/client";

const pw = "a long password 1";
const email = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;

let server: TestServer;
beforeAll(async () => {
  server = await startServer();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

const balance = (key: string) =>
  fetch(`${server.baseUrl}/api/open/v1/account/balance`, { headers: { authorization: `Bearer ${key}` } });

describe("team owners over HTTP", () => {
  it("an invite link is single-use by default; a used-up link answers a clear error", async () => {
    const owner = new Client(server.baseUrl);
    await owner.signUp({ email: email("owner"), name: "Owner", password: pw });
    const created = await owner.fetch("/api/team/invites", { method: "POST", json: { days: 7 } });
    expect(created.status).toBe(201);
    const { url, invite } = await created.json();
    expect(invite).toMatchObject({ uses: 0, maxUses: 1, status: "active" });
    const token = url.split("/invite/")[1];

    await new Client(server.baseUrl).signUp({ email: email("first"), name: "First", password: pw, invite: token });
    const second = await new Client(server.baseUrl).fetch("/api/signup", {
      method: "POST",
      json: { email: email("second"), name: "Second", password: pw, invite: token },
    });
    expect(second.status).toBe(410);
    expect((await second.json()).fields.invite).toBe("This invite link has already been used");
    const preview = await new Client(server.baseUrl).fetch(`/api/invites/${token}`);
    expect(preview.status).toBe(410);
    expect((await preview.json()).detail).toBe("This invite link has already been used");

    const team = await (await owner.fetch("/api/team")).json();
    expect(team.invites[0]).toMatchObject({ uses: 1, maxUses: 1, status: "used_up" });
    expect(team.members.map((m: { name: string }) => m.name)).toEqual(["Owner", "First"]);

    const many = await owner.fetch("/api/team/invites", { method: "POST", json: { days: 7, maxUses: 3 } });
    expect((await many.json()).invite).toMatchObject({ maxUses: 3, status: "active" });
    const tooMany = await owner.fetch("/api/team/invites", { method: "POST", json: { maxUses: 1000 } });
    expect(tooMany.status).toBe(400);
    expect((await tooMany.json()).fields.maxUses).toBe("Must be at most 100");
  });

  it("owners change roles and remove members; the removed member's API key stops working", async () => {
    const owner = new Client(server.baseUrl);
    const { id: ownerId } = await owner.signUp({ email: email("owner"), name: "Owner", password: pw });
    const { url } = await (await owner.fetch("/api/team/invites", { method: "POST", json: {} })).json();
    const member = new Client(server.baseUrl);
    const { id: memberId } = await member.signUp({
      email: email("member"),
      name: "Member",
      password: pw,
      invite: url.split("/invite/")[1],
    });
    const { key } = await (await member.fetch("/api/keys", { method: "POST", json: { name: "ci" } })).json();
    expect((await balance(key)).status).toBe(200);

    // Members manage nothing.
    const notOwner = await member.fetch(`/api/team/members/${ownerId}`, { method: "DELETE" });
    expect(notOwner.status).toBe(403);
    expect(
      (await member.fetch(`/api/team/members/${memberId}`, { method: "PATCH", json: { role: "owner" } })).status,
    ).toBe(403);

    // The last owner can neither step down nor leave.
    const demoteSelf = await owner.fetch(`/api/team/members/${ownerId}`, { method: "PATCH", json: { role: "member" } });
    expect(demoteSelf.status).toBe(409);
    expect((await demoteSelf.json()).detail).toBe("A team needs at least one owner");
    expect((await owner.fetch(`/api/team/members/${ownerId}`, { method: "DELETE" })).status).toBe(409);
    expect(
      (await owner.fetch(`/api/team/members/${memberId}`, { method: "PATCH", json: { role: "admin" } })).status,
    ).toBe(400);

    const promote = await owner.fetch(`/api/team/members/${memberId}`, { method: "PATCH", json: { role: "owner" } });
    expect(await promote.json()).toEqual({ member: { userId: memberId, role: "owner" } });
    expect((await member.fetch("/api/me")).status).toBe(200);
    expect((await (await member.fetch("/api/team")).json()).role).toBe("owner");
    await owner.fetch(`/api/team/members/${memberId}`, { method: "PATCH", json: { role: "member" } });

    const removed = await owner.fetch(`/api/team/members/${memberId}`, { method: "DELETE" });
    expect(removed.status).toBe(200);
    const refused = await balance(key);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toEqual({ code: 401, data: null, msg: "Invalid API Key" });
    expect((await (await owner.fetch("/api/team")).json()).members.map((m: { userId: string }) => m.userId)).toEqual([
      ownerId,
    ]);
    // The removed person keeps a usable account with a team of their own.
    expect(await (await member.fetch("/api/me")).json()).toMatchObject({
      team: { name: "Member's team", role: "owner" },
    });
    expect((await owner.fetch(`/api/team/members/${memberId}`, { method: "DELETE" })).status).toBe(404);
  });
});

describe("email length", () => {
  it("a 1,000,007-character email is refused by sign-up and sign-in", async () => {
    const huge = `${"a".repeat(1_000_007 - "@example.com".length)}@example.com`;
    expect(huge).toHaveLength(1_000_007);
    const c = new Client(server.baseUrl);
    const res = await c.fetch("/api/signup", { method: "POST", json: { email: huge, name: "Huge", password: pw } });
    expect(res.status).toBe(400);
    expect((await res.json()).fields.email).toBe("Use at most 254 characters");
    const justOver = `${"a".repeat(60)}@${"b".repeat(60)}.${"c".repeat(60)}.${"d".repeat(60)}.${"e".repeat(7)}.com`;
    expect(justOver).toHaveLength(255);
    const over = await c.fetch("/api/signup", {
      method: "POST",
      json: { email: justOver, name: "Long", password: pw },
    });
    expect((await over.json()).fields.email).toBe("Use at most 254 characters");
    // Sign-in: the 1 MB form is refused by the auth route's 16 KB body cap before anything is
    // parsed; a 255-character email is refused by the schema before any lookup.
    const csrfToken = await c.csrf();
    const hugeSignIn = await c.fetch("/api/auth/callback/credentials", {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ csrfToken, email: huge, password: pw, json: "true" }).toString(),
    });
    expect(hugeSignIn.status).toBe(413);
    expect(await c.signIn(justOver, pw)).toBe("Incorrect email or password");
  });
});

describe("behind HTTPS", () => {
  let https: TestServer;
  beforeAll(async () => {
    // NEXTAUTH_URL stays the plain-HTTP address the proxy talks to; the public URL is https.
    https = await startServer({ env: { PUBLIC_BASE_URL: "https://mixdesk.example.test" } });
  }, 120_000);
  afterAll(async () => {
    await https?.stop();
  });

  it("session, CSRF and device cookies are __Secure-/__Host- and Secure when the public URL is https", async () => {
    const c = new Client(https.baseUrl);
    const address = email("tls");
    expect(
      (await c.fetch("/api/signup", { method: "POST", json: { email: address, name: "TLS", password: pw } })).status,
    ).toBe(201);
    const csrf = await fetch(`${https.baseUrl}/api/auth/csrf`);
    const csrfCookie = csrf.headers.getSetCookie().find((v) => v.startsWith("__Host-next-auth.csrf-token="));
    expect(csrfCookie).toMatch(/;\s*Secure/i);
    const { csrfToken } = (await csrf.json()) as { csrfToken: string };
    const res = await fetch(`${https.baseUrl}/api/auth/callback/credentials`, {
      method: "POST",
      redirect: "manual",
      headers: { "content-type": "application/x-www-form-urlencoded", cookie: csrfCookie!.split(";")[0] },
      body: new URLSearchParams({ csrfToken, email: address, password: pw, json: "true" }).toString(),
    });
    const cookies = res.headers.getSetCookie();
    const session = cookies.find((v) => v.startsWith("__Secure-next-auth.session-token="));
    const device = cookies.find((v) => v.startsWith("__Secure-mixdesk.device="));
    for (const cookie of [session, device]) {
      expect(cookie).toMatch(/;\s*Secure/i);
      expect(cookie).toMatch(/;\s*HttpOnly/i);
    }
    expect(cookies.some((v) => v.startsWith("next-auth.session-token="))).toBe(false);
    const me = await fetch(`${https.baseUrl}/api/me`, { headers: { cookie: session!.split(";")[0] } });
    expect(me.status).toBe(200);
  });
});
