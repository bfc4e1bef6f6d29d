// Credits over real HTTP against the production build: a person's own history and summary, the
// admin ledger's filters and streamed CSV, the usage report, password change and reset, and who
// may call each.
import { randomUUID } from "node:crypto";
import { describe, expect, test } from "@/test/helpers/http-test";
import { Client } from "@/test/http/client";

const pw = "a long password 1";

describe("credits over HTTP", () => {
  test("history, ledger, CSV and usage answer only whom they should, with signed numbers", async ({ signedUp }) => {
    const admin = await signedUp({ email: `admin-${randomUUID().slice(0, 6)}@example.com` });
    const adminMe = await (await admin.client.fetch("/api/me")).json();
    // The file's server is fresh: its first sign-up is the admin.
    expect(adminMe.user.role).toBe("admin");
    const member = await signedUp();
    const memberMe = await (await member.client.fetch("/api/me")).json();

    const grant = await admin.client.fetch(`/api/admin/users/${memberMe.user.id}/credits`, {
      method: "POST",
      json: { amount: 40, reason: "=cmd|' /C calc'!A0" },
    });
    expect(grant.status).toBe(200);
    const deduct = await admin.client.fetch(`/api/admin/users/${memberMe.user.id}/credits`, {
      method: "POST",
      json: { amount: -15, reason: "Correction" },
    });
    expect(deduct.status).toBe(200);

    const own = await (await member.client.fetch("/api/me/credits?pageSize=10")).json();
    expect(own.total).toBe(2);
    expect(own.entries.map((e: { kind: string; balanceDelta: number }) => [e.kind, e.balanceDelta])).toEqual([
      ["adjust", -15],
      ["grant", 40],
    ]);
    expect(own.entries.reduce((s: number, e: { balanceDelta: number }) => s + e.balanceDelta, 0)).toBe(25);
    const summary = await (await member.client.fetch("/api/me/credits/summary")).json();
    expect(summary).toMatchObject({ balance: 25, held: 0, spent: 0, monthSpent: 0, recentOrders: [] });
    // The admin's own history has nothing of the member's.
    expect((await (await admin.client.fetch("/api/me/credits")).json()).total).toBe(0);

    for (const path of [
      "/api/admin/ledger",
      "/api/admin/ledger/export",
      "/api/admin/usage?from=2026-01-01&to=2026-01-02",
    ]) {
      expect((await member.client.fetch(path)).status, path).toBe(403);
    }
    const filtered = await (
      await admin.client.fetch(`/api/admin/ledger?userId=${memberMe.user.id}&kind=adjust`)
    ).json();
    expect(filtered.entries.map((e: { balanceDelta: number }) => e.balanceDelta)).toEqual([-15]);
    expect((await admin.client.fetch("/api/admin/ledger?kind=bonus")).status).toBe(400);
    expect((await admin.client.fetch("/api/admin/ledger?from=2026-13-01")).status).toBe(400);

    const csv = await admin.client.fetch(`/api/admin/ledger/export?userId=${memberMe.user.id}`);
    expect(csv.status).toBe(200);
    expect(csv.headers.get("content-type")).toBe("text/csv; charset=utf-8");
    expect(csv.headers.get("content-disposition")).toMatch(/^attachment; filename="mixdesk-ledger-/);
    const lines = (await csv.text()).trim().split("\r\n");
    expect(lines).toHaveLength(3);
    expect(lines[1]).toContain(",adjust,-15,-15,0,0,25,0,");
    // A reason that a spreadsheet would run is written as text.
    expect(lines[2]).toContain(`"'=cmd|' /C calc'!A0"`);

    const today = new Date().toISOString().slice(0, 10);
    const usage = await admin.client.fetch(`/api/admin/usage?from=${today}&to=${today}`);
    expect(usage.status).toBe(200);
    expect(await usage.json()).toMatchObject({ from: today, to: today, totals: { credits: 0 } });
    expect((await admin.client.fetch(`/api/admin/usage?from=${today}&to=2000-01-01`)).status).toBe(400);
    const usageCsv = await admin.client.fetch(`/api/admin/usage/export?from=${today}&to=${today}`);
    expect((await usageCsv.text()).split("\r\n")[0]).toBe("date,orderType,team,email,credits,minutes,orders");
  });

  test("a password change needs the current one and ends other sessions; an admin reset ends all", async ({
    server,
    signedUp,
  }) => {
    const person = await signedUp({ password: pw });
    const elsewhere = new Client(server.baseUrl);
    expect(await elsewhere.signIn(person.email, pw)).toBeNull();

    const wrong = await person.client.fetch("/api/me/password", {
      method: "POST",
      json: { currentPassword: "wrong password 1", newPassword: "a newer password 2" },
    });
    expect(wrong.status).toBe(400);
    expect((await wrong.json()).fields).toEqual({ currentPassword: "The current password is not right" });
    const weak = await person.client.fetch("/api/me/password", {
      method: "POST",
      json: { currentPassword: pw, newPassword: "short" },
    });
    expect(weak.status).toBe(400);

    const ok = await person.client.fetch("/api/me/password", {
      method: "POST",
      json: { currentPassword: pw, newPassword: "a newer password 2" },
    });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toEqual({ otherSessionsEnded: 1 });
    expect((await person.client.fetch("/api/me")).status).toBe(200);
    expect((await elsewhere.fetch("/api/me")).status).toBe(401);
    expect(await new Client(server.baseUrl).signIn(person.email, pw)).not.toBeNull();
    expect(await new Client(server.baseUrl).signIn(person.email, "a newer password 2")).toBeNull();

    const me = await (await person.client.fetch("/api/me")).json();
    expect(
      (await person.client.fetch(`/api/admin/users/${me.user.id}/password`, { method: "POST", json: {} })).status,
    ).toBe(403);
  });
});
