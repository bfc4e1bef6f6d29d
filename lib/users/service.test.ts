import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { verifyPassword } from "@/lib/auth/password";
import {
  createInvite,
  joinByInvite,
  listTeams,
  revokeInvite,
  switchTeam,
  teamOverview,
  inviteInfo,
} from "@/lib/teams/service";
import { listUsers, signUp, updateUserFlags } from "@/lib/users/service";

const email = () => `${randomUUID()}@example.com`;
const pw = "a long password 1";

describe("accounts and teams", () => {
  it("the first account is the admin, later ones are users; each gets its own team as owner", async () => {
    expect(await db.user.count()).toBe(0);
    const first = await signUp({ email: email(), name: "First", password: pw });
    const second = await signUp({ email: email(), name: "Second", password: pw });
    expect(first.role).toBe("admin");
    expect(second.role).toBe("user");
    expect(await listTeams(second.id)).toEqual([expect.objectContaining({ name: "Second's team", role: "owner" })]);
    const row = await db.user.findUniqueOrThrow({ where: { id: second.id } });
    expect(row.passwordHash).not.toContain(pw);
    expect(await verifyPassword(pw, row.passwordHash)).toBe(true);
  });

  it("refuses a duplicate email whatever its case", async () => {
    const e = email();
    await signUp({ email: e, name: "A", password: pw });
    await expect(signUp({ email: e.toUpperCase().toLowerCase(), name: "B", password: pw })).rejects.toMatchObject({
      kind: "conflict",
      fields: { email: "An account with this email already exists" },
    });
  });

  it("an invite link lets a new account join the team; expired and revoked links are refused", async () => {
    const owner = await signUp({ email: email(), name: "Owner", password: pw });
    const [team] = await listTeams(owner.id);
    const { url, invite } = await createInvite(owner.id, team.id, 7, 5);
    const token = url.split("/invite/")[1];
    expect(await inviteInfo(token)).toMatchObject({ team: { name: team.name }, invitedBy: { name: "Owner" } });

    const joiner = await signUp({ email: email(), name: "Joiner", password: pw, invite: token });
    expect(await listTeams(joiner.id)).toEqual([{ id: team.id, name: team.name, role: "member" }]);
    const overview = await teamOverview(team.id, "owner");
    expect(overview.members.map((m) => m.name)).toEqual(["Owner", "Joiner"]);
    expect(overview.invites[0]).toMatchObject({ id: invite.id, uses: 1, maxUses: 5, status: "active" });

    // A member cannot make or revoke invites.
    await expect(createInvite(joiner.id, team.id, 7)).rejects.toMatchObject({ kind: "forbidden" });

    await db.invite.update({ where: { id: invite.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    await expect(signUp({ email: email(), name: "Late", password: pw, invite: token })).rejects.toMatchObject({
      kind: "gone",
      fields: { invite: "This invite link has expired" },
    });
    await expect(signUp({ email: email(), name: "Wrong", password: pw, invite: "not-a-token" })).rejects.toMatchObject({
      kind: "not_found",
      fields: { invite: "This invite link is not valid" },
    });
    // The failed sign-ups left no account behind.
    expect(await db.user.count({ where: { name: { in: ["Late", "Wrong"] } } })).toBe(0);

    const second = await createInvite(owner.id, team.id, 1);
    await revokeInvite(owner.id, team.id, second.invite.id);
    const other = await signUp({ email: email(), name: "Other", password: pw });
    await expect(joinByInvite(other.id, second.url.split("/invite/")[1])).rejects.toMatchObject({ kind: "gone" });
  });

  it("a user in several teams switches between them, only into teams they belong to", async () => {
    const a = await signUp({ email: email(), name: "A", password: pw });
    const b = await signUp({ email: email(), name: "B", password: pw });
    const [teamA] = await listTeams(a.id);
    const [teamB] = await listTeams(b.id);
    const { url } = await createInvite(b.id, teamB.id, 7);
    await joinByInvite(a.id, url.split("/invite/")[1]);
    expect((await listTeams(a.id)).map((t) => t.id)).toEqual([teamA.id, teamB.id]);
    expect(await switchTeam(a.id, teamA.id)).toMatchObject({ id: teamA.id, role: "owner" });
    expect((await db.user.findUniqueOrThrow({ where: { id: a.id } })).currentTeamId).toBe(teamA.id);
    const c = await signUp({ email: email(), name: "C", password: pw });
    const [teamC] = await listTeams(c.id);
    await expect(switchTeam(a.id, teamC.id)).rejects.toMatchObject({ kind: "not_found" });
  });

  it("admins search and sort users; disabling ends the user's sessions; nobody disables themselves", async () => {
    const admin =
      (await db.user.findFirst({ where: { role: "admin" } })) ??
      (await signUp({ email: email(), name: "Admin", password: pw, role: "admin" }));
    const target = await signUp({ email: `zeta-${randomUUID()}@example.com`, name: "Zeta Person", password: pw });
    await db.authSession.create({ data: { userId: target.id, expiresAt: new Date(Date.now() + 60_000) } });
    const found = await listUsers({ q: "zeta-", sort: "email", dir: "asc", page: 1, pageSize: 10 });
    expect(found.users.map((u) => u.id)).toContain(target.id);
    expect(found.users[0]).toMatchObject({
      balance: 0,
      held: 0,
      spent: 0,
      teams: [expect.objectContaining({ name: "Zeta Person's team" })],
    });

    await updateUserFlags(admin.id, target.id, { disabled: true });
    expect(await db.authSession.count({ where: { userId: target.id, revokedAt: null } })).toBe(0);
    await expect(updateUserFlags(admin.id, admin.id, { disabled: true })).rejects.toMatchObject({
      kind: "bad_request",
    });
    await expect(updateUserFlags(admin.id, "missing", { disabled: true })).rejects.toMatchObject({ kind: "not_found" });
  });
});
