// Accounts over real HTTP against the production build: sign-up, sign-in, sign-out, rate limits,
// disabled users, admin routes and malformed input.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer } from "@/test/helpers/server";
import { Client } from "@/test/http/client";

let server: Awaited<ReturnType<typeof startServer>>;
const pw = "a long password 1";
const email = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;

beforeAll(async () => {
  server = await startServer();
}, 120_000);
afterAll(async () => {
  await server?.stop();
});

describe("accounts over HTTP", () => {
  let admin: Client;
  let adminEmail: string;

  it("the first sign-up is the admin and sees itself at /api/me", async () => {
    admin = new Client(server.baseUrl);
    adminEmail = email("admin");
    const user = await admin.signUp({ email: adminEmail, name: "Admin", password: pw });
    expect(user.role).toBe("admin");
    const me = await (await admin.fetch("/api/me")).json();
    expect(me).toMatchObject({ user: { email: adminEmail, role: "admin" }, balance: 0, team: { role: "owner" } });
  });

  it("bad sign-up input gets specific errors, never a 500", async () => {
    const c = new Client(server.baseUrl);
    const malformed = await c.fetch("/api/signup", {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: "{not json",
    });
    expect(malformed.status).toBe(400);
    expect(malformed.headers.get("content-type")).toContain("application/problem+json");
    expect(await malformed.json()).toMatchObject({ status: 400, detail: "Request body is not valid JSON" });

    const weak = await c.fetch("/api/signup", {
      method: "POST",
      json: { email: email("w"), name: "W", password: "short" },
    });
    expect(weak.status).toBe(400);
    expect((await weak.json()).fields.password).toBe("Use at least 10 characters");

    const dup = await c.fetch("/api/signup", {
      method: "POST",
      json: { email: adminEmail.toUpperCase(), name: "D", password: pw },
    });
    expect(dup.status).toBe(409);
    expect((await dup.json()).fields.email).toBe("An account with this email already exists");

    const notObject = await c.fetch("/api/signup", { method: "POST", json: [1, 2] });
    expect(notObject.status).toBe(400);
  });

  it("a session stops working after sign-out, even with a copied cookie", async () => {
    const c = new Client(server.baseUrl);
    const e = email("out");
    await c.signUp({ email: e, name: "Out", password: pw });
    const copy = c.clone();
    expect((await copy.fetch("/api/me")).status).toBe(200);
    await c.signOut();
    expect((await c.fetch("/api/me")).status).toBe(401);
    const replay = await copy.fetch("/api/me");
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ detail: "Sign in to continue" });
  });

  it("wrong passwords are refused, then sign-in is throttled per account even with the right one", async () => {
    const c = new Client(server.baseUrl);
    const e = email("throttle");
    await c.fetch("/api/signup", { method: "POST", json: { email: e, name: "T", password: pw } });
    expect(await c.signIn(e, "wrong password 1")).toBe("Incorrect email or password");
    expect(await c.signIn("nobody@example.com", pw)).toBe("Incorrect email or password");
    for (let i = 0; i < 4; i++) await c.signIn(e, "wrong password 1");
    expect(await c.signIn(e, pw)).toMatch(/^Too many sign-in attempts\. Try again in \d+ minutes?\.$/);
    expect((await c.fetch("/api/me")).status).toBe(401);
  });

  it("a disabled user is signed out and cannot sign in; admin routes are closed to others", async () => {
    const user = new Client(server.baseUrl);
    const e = email("dis");
    const { id } = await user.signUp({ email: e, name: "Dis", password: pw });
    expect((await user.fetch("/api/admin/users")).status).toBe(403);
    expect((await new Client(server.baseUrl).fetch("/api/admin/users")).status).toBe(401);
    expect(
      (await user.fetch(`/api/admin/users/${id}/credits`, { method: "POST", json: { amount: 5, reason: "self" } }))
        .status,
    ).toBe(403);

    const res = await admin.fetch(`/api/admin/users/${id}`, { method: "PATCH", json: { disabled: true } });
    expect(res.status).toBe(200);
    expect((await user.fetch("/api/me")).status).toBe(401);
    expect(await new Client(server.baseUrl).signIn(e, pw)).toBe("This account is disabled");
  });

  it("an admin grants and deducts credits with a reason; the ledger shows them; over-deducting is refused", async () => {
    const user = new Client(server.baseUrl);
    const { id } = await user.signUp({ email: email("credit"), name: "Credit", password: pw });
    const grant = await admin.fetch(`/api/admin/users/${id}/credits`, {
      method: "POST",
      headers: { "idempotency-key": "grant-once" },
      json: { amount: 120, reason: "Welcome bonus" },
    });
    expect(grant.status).toBe(200);
    // A retried click with the same Idempotency-Key applies once.
    await admin.fetch(`/api/admin/users/${id}/credits`, {
      method: "POST",
      headers: { "idempotency-key": "grant-once" },
      json: { amount: 120, reason: "Welcome bonus" },
    });
    await admin.fetch(`/api/admin/users/${id}/credits`, {
      method: "POST",
      json: { amount: -20, reason: "Correction" },
    });
    expect(await (await user.fetch("/api/me")).json()).toMatchObject({ balance: 100 });

    const over = await admin.fetch(`/api/admin/users/${id}/credits`, {
      method: "POST",
      json: { amount: -101, reason: "Too much" },
    });
    expect(over.status).toBe(400);
    expect((await over.json()).fields.amount).toBe("Cannot deduct more than the available balance");
    const zero = await admin.fetch(`/api/admin/users/${id}/credits`, {
      method: "POST",
      json: { amount: 0, reason: "x" },
    });
    expect((await zero.json()).fields.amount).toBe("Amount cannot be zero");

    const ledger = await (await admin.fetch(`/api/admin/ledger?userId=${id}`)).json();
    expect(ledger.total).toBe(2);
    expect(
      ledger.entries.map((e: { kind: string; amount: number; reason: string; actorEmail: string }) => [
        e.kind,
        e.amount,
        e.reason,
        e.actorEmail,
      ]),
    ).toEqual([
      ["adjust", -20, "Correction", adminEmail],
      ["grant", 120, "Welcome bonus", adminEmail],
    ]);

    const users = await (await admin.fetch(`/api/admin/users?q=credit-&sort=balance&dir=desc`)).json();
    expect(users.users[0]).toMatchObject({ id, balance: 100, held: 0, spent: 0 });
    const badSort = await admin.fetch(`/api/admin/users?sort=password`);
    expect(badSort.status).toBe(400);
  });
});
