import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import {
  createApiKey,
  hashApiKey,
  type KeyedRead,
  type KeyedShape,
  listApiKeys,
  resolveApiKey,
  revokeApiKey,
} from "@/lib/auth/api-keys";
import { db } from "@/lib/db";
import { countStatements } from "@/lib/db-statements";
import { signUp } from "@/lib/users/service";

const req = (init: { bearer?: string; query?: string; header?: string } = {}) =>
  new Request(
    `http://localhost/api/open/v1/x${init.query !== undefined ? `?apiKey=${encodeURIComponent(init.query)}` : ""}`,
    {
      headers: init.header
        ? { authorization: init.header }
        : init.bearer
          ? { authorization: `Bearer ${init.bearer}` }
          : {},
    },
  );

/** A new user with the team sign-up made for them. */
async function userWithTeam(name: string) {
  const u = await signUp({ email: `${randomUUID()}@example.com`, name, password: "a long password 1" });
  return { user: u, teamId: (await db.membership.findFirstOrThrow({ where: { userId: u.id } })).teamId };
}

describe("API keys", () => {
  let user: { id: string };
  let teamId: string;

  beforeAll(async () => {
    ({ user, teamId } = await userWithTeam("Key owner"));
  });

  it("are random, prefixed, and stored only as a SHA-256 hash with a 4-character hint", async () => {
    const a = await createApiKey(user.id, teamId, { name: "one" });
    const b = await createApiKey(user.id, teamId, { name: "two" });
    expect(a.key).toMatch(/^mxk_[A-Za-z0-9_-]{43}$/);
    expect(a.key).not.toBe(b.key);
    const row = await db.apiKey.findUniqueOrThrow({ where: { id: a.apiKey.id } });
    expect(row.hashedKey).toBe(hashApiKey(a.key));
    expect(row.hint).toBe(a.key.slice(-4));
    expect(JSON.stringify(row)).not.toContain(a.key.slice(4, 20));
    expect(a.apiKey.hint).toBe(`mxk_…${a.key.slice(-4)}`);
    const listed = await listApiKeys(user.id);
    expect(listed.map((k) => k.name)).toEqual(expect.arrayContaining(["one", "two"]));
    expect(JSON.stringify(listed)).not.toContain(a.key);
  });

  it("resolve from Bearer or ?apiKey= to the user and team", async () => {
    const { key } = await createApiKey(user.id, teamId, { name: "resolve" });
    for (const r of [req({ bearer: key }), req({ query: key }), req({ header: `bearer   ${key}` })]) {
      const out = await resolveApiKey(r);
      expect(out).toMatchObject({ ok: true, principal: { user: { id: user.id }, team: { id: teamId } } });
    }
  });

  it("answer the Open API's exact failures", async () => {
    expect(await resolveApiKey(req())).toEqual({ ok: false, error: "API Key is required" });
    expect(await resolveApiKey(req({ header: "Bearer " }))).toEqual({ ok: false, error: "API Key is required" });
    expect(await resolveApiKey(req({ bearer: "mxk_nope" }))).toEqual({ ok: false, error: "Invalid API Key" });
    expect(await resolveApiKey(req({ bearer: "sk-something-else" }))).toEqual({ ok: false, error: "Invalid API Key" });
  });

  it("revoked and expired keys, and keys of disabled users, are invalid", async () => {
    const revoked = await createApiKey(user.id, teamId, { name: "revoked" });
    await revokeApiKey(user.id, revoked.apiKey.id);
    expect(await resolveApiKey(req({ bearer: revoked.key }))).toEqual({ ok: false, error: "Invalid API Key" });
    expect((await listApiKeys(user.id)).find((k) => k.id === revoked.apiKey.id)?.status).toBe("revoked");

    const expiring = await createApiKey(user.id, teamId, {
      name: "expired",
      expiresAt: new Date(Date.now() + 60_000).toISOString(),
    });
    await db.apiKey.update({ where: { id: expiring.apiKey.id }, data: { expiresAt: new Date(Date.now() - 1000) } });
    expect(await resolveApiKey(req({ bearer: expiring.key }))).toEqual({ ok: false, error: "Invalid API Key" });
    expect((await listApiKeys(user.id)).find((k) => k.id === expiring.apiKey.id)?.status).toBe("expired");

    const { user: other, teamId: otherTeam } = await userWithTeam("Soon disabled");
    const k = await createApiKey(other.id, otherTeam, { name: "k" });
    expect((await resolveApiKey(req({ bearer: k.key }))).ok).toBe(true);
    await db.user.update({ where: { id: other.id }, data: { disabled: true } });
    expect(await resolveApiKey(req({ bearer: k.key }))).toEqual({ ok: false, error: "Invalid API Key" });
  });

  it("resolve in one statement to the principal the routes use, and stop when the user leaves the team", async () => {
    const { teamId: sharedTeam } = await userWithTeam("Team owner");
    await db.membership.create({ data: { userId: user.id, teamId: sharedTeam, role: "member" } });
    const { key, apiKey } = await createApiKey(user.id, sharedTeam, { name: "shared team" });
    const { result, count } = await countStatements(() => resolveApiKey(req({ bearer: key })));
    const me = await db.user.findUniqueOrThrow({ where: { id: user.id } });
    const team = await db.team.findUniqueOrThrow({ where: { id: sharedTeam } });
    expect(result).toEqual({
      ok: true,
      principal: {
        apiKeyId: apiKey.id,
        user: { id: user.id, email: me.email, name: "Key owner", role: me.role, balance: me.balance },
        team: { id: sharedTeam, name: team.name },
      },
    });
    // The first use also records lastUsedAt, after the answer; the lookup itself is one statement.
    expect(count).toBeGreaterThanOrEqual(1);
    await waitFor(async () => (await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt !== null);
    await new Promise((r) => setTimeout(r, 200)); // the user's lastActiveAt, written beside it
    const again = await countStatements(() => resolveApiKey(req({ bearer: key })));
    expect(again.count).toBe(1);
    await db.membership.delete({ where: { userId_teamId: { userId: user.id, teamId: sharedTeam } } });
    expect(await resolveApiKey(req({ bearer: key }))).toEqual({ ok: false, error: "Invalid API Key" });
  });

  it("lookups made together each get their own answer, in one statement per shape", async () => {
    const { user: other, teamId: otherTeam } = await userWithTeam("Other team");
    const mine = await createApiKey(user.id, teamId, { name: "together" });
    const theirs = await createApiKey(other.id, otherTeam, { name: "together" });
    const revoked = await createApiKey(user.id, teamId, { name: "together, revoked" });
    await revokeApiKey(user.id, revoked.apiKey.id);
    // First uses record lastUsedAt after their answer; done here, so only lookups are counted below.
    for (const k of [mine, theirs]) {
      expect((await resolveApiKey(req({ bearer: k.key }))).ok).toBe(true);
      await waitFor(
        async () => (await db.apiKey.findUniqueOrThrow({ where: { id: k.apiKey.id } })).lastUsedAt !== null,
      );
    }
    await new Promise((r) => setTimeout(r, 200)); // the users' lastActiveAt, written beside it
    // A keyed read with a parameter: the membership of the given user in the key's team.
    const shape: KeyedShape = {
      columns: `mm."role" AS "mm_role"`,
      join: `LEFT JOIN "Membership" mm ON mm."userId" = ? AND mm."teamId" = k."teamId"`,
    };
    const membershipOf = (userId: string): KeyedRead<{ role: string }> => ({
      shape,
      params: [userId],
      read: (values, at) => (values[at] === null || values[at] === undefined ? null : { role: String(values[at]) }),
    });
    const { result, count } = await countStatements(() =>
      Promise.all([
        resolveApiKey(req({ bearer: mine.key }), membershipOf(user.id)),
        resolveApiKey(req({ bearer: theirs.key }), membershipOf(user.id)), // not in their team: null
        resolveApiKey(req({ bearer: revoked.key }), membershipOf(user.id)),
        resolveApiKey(req({ bearer: "mxk_unknown" }), membershipOf(user.id)),
        resolveApiKey(req({ bearer: theirs.key }), membershipOf(other.id)),
        resolveApiKey(req({ bearer: mine.key })),
        resolveApiKey(req({ bearer: theirs.key })),
      ]),
    );
    expect(result.map((r) => (r.ok ? [r.principal.apiKeyId, "keyed" in r ? r.keyed : "none"] : r.error))).toEqual([
      [mine.apiKey.id, { role: "owner" }],
      [theirs.apiKey.id, null],
      "Invalid API Key",
      "Invalid API Key",
      [theirs.apiKey.id, { role: "owner" }],
      [mine.apiKey.id, "none"],
      [theirs.apiKey.id, "none"],
    ]);
    // One statement for the five keyed lookups, one for the two plain ones (PostgreSQL: unnest of
    // arrays; SQLite: json_each of a JSON list).
    expect(count).toBe(2);
  });

  it("a user cannot revoke someone else's key", async () => {
    const other = await signUp({ email: `${randomUUID()}@example.com`, name: "Other", password: "a long password 1" });
    const k = await createApiKey(user.id, teamId, { name: "mine" });
    await expect(revokeApiKey(other.id, k.apiKey.id)).rejects.toMatchObject({ kind: "not_found" });
  });

  it("records last use once for a burst of requests", async () => {
    const { key, apiKey } = await createApiKey(user.id, teamId, { name: "burst" });
    const first = await resolveApiKey(req({ bearer: key }));
    expect(first.ok).toBe(true);
    await waitFor(async () => (await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt !== null);
    const recorded = (await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt!;
    await new Promise((r) => setTimeout(r, 20));
    await Promise.all(Array.from({ length: 30 }, () => resolveApiKey(req({ bearer: key }))));
    await new Promise((r) => setTimeout(r, 100));
    // Still the first request's time: the burst wrote nothing.
    expect((await db.apiKey.findUniqueOrThrow({ where: { id: apiKey.id } })).lastUsedAt).toEqual(recorded);
    expect((await listApiKeys(user.id)).find((k) => k.id === apiKey.id)?.lastUsedAt).toEqual(recorded);
  });
});

async function waitFor(check: () => Promise<boolean>, ms = 3000) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("condition not met in time");
}
