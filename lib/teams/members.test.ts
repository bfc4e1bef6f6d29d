// Team owners manage members (roles, removal) and make limited-use invite links.
import { randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { createApiKey, resolveApiKey } from "@/lib/auth/api-keys";
import { db } from "@/lib/db";
import {
  changeMemberRole,
  createInvite,
  currentTeam,
  inviteInfo,
  joinByInvite,
  listTeams,
  removeMember,
  teamOverview,
} from "@/lib/teams/service";
import { signUp } from "@/lib/users/service";

const pw = "a long password 1";
const newUser = (name: string) => signUp({ email: `${randomUUID()}@example.com`, name, password: pw });
const tokenOf = (url: string) => url.split("/invite/")[1];

async function teamWithMember() {
  const owner = await newUser("Owner");
  const [team] = await listTeams(owner.id);
  const { url } = await createInvite(owner.id, team.id, 7);
  const member = await signUp({
    email: `${randomUUID()}@example.com`,
    name: "Member",
    password: pw,
    invite: tokenOf(url),
  });
  return { owner, member, team };
}

describe("invite links", () => {
  it("are single-use by default: a second person gets a clear error, the first may follow it again", async () => {
    const { owner, member, team } = await teamWithMember();
    const overview = await teamOverview(team.id, "owner");
    expect(overview.invites[0]).toMatchObject({ uses: 1, maxUses: 1, status: "used_up" });

    const { url } = await createInvite(owner.id, team.id, 7);
    const late = await newUser("Late");
    await joinByInvite(late.id, tokenOf(url));
    const later = await newUser("Later");
    await expect(joinByInvite(later.id, tokenOf(url))).rejects.toMatchObject({
      kind: "gone",
      message: "This invite link has already been used",
      fields: { invite: "This invite link has already been used" },
    });
    await expect(inviteInfo(tokenOf(url))).rejects.toMatchObject({ kind: "gone" });
    await expect(
      signUp({ email: `${randomUUID()}@example.com`, name: "New", password: pw, invite: tokenOf(url) }),
    ).rejects.toMatchObject({ kind: "gone" });
    // Following it again changes nothing for someone already in.
    expect(await joinByInvite(late.id, tokenOf(url))).toMatchObject({ id: team.id, role: "member" });
    const members = (await teamOverview(team.id, "owner")).members;
    expect(members.map((m) => [m.userId, m.name])).toEqual([
      [owner.id, "Owner"],
      [member.id, "Member"],
      [late.id, "Late"],
    ]);
  });

  it("take as many people as the owner allows, even when they join at the same moment", async () => {
    const owner = await newUser("Owner");
    const [team] = await listTeams(owner.id);
    const { url, invite } = await createInvite(owner.id, team.id, 7, 3);
    expect(invite).toMatchObject({ uses: 0, maxUses: 3, status: "active" });
    const people = await Promise.all(Array.from({ length: 5 }, (_, i) => newUser(`P${i}`)));
    const results = await Promise.allSettled(people.map((p) => joinByInvite(p.id, tokenOf(url))));
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(3);
    expect(await db.membership.count({ where: { teamId: team.id } })).toBe(4);
    expect((await teamOverview(team.id, "owner")).invites[0]).toMatchObject({ uses: 3, maxUses: 3, status: "used_up" });
  });
});

describe("members", () => {
  it("an owner promotes and demotes; members cannot; the last owner cannot be demoted", async () => {
    const { owner, member, team } = await teamWithMember();
    await expect(changeMemberRole(member.id, team.id, member.id, "owner")).rejects.toMatchObject({ kind: "forbidden" });
    await expect(changeMemberRole(owner.id, team.id, owner.id, "member")).rejects.toMatchObject({
      kind: "conflict",
      message: "A team needs at least one owner",
    });
    expect(await changeMemberRole(owner.id, team.id, member.id, "owner")).toEqual({ userId: member.id, role: "owner" });
    // Two owners now: either may step down, but not both.
    await changeMemberRole(member.id, team.id, owner.id, "member");
    await expect(changeMemberRole(member.id, team.id, member.id, "member")).rejects.toMatchObject({ kind: "conflict" });
    expect((await teamOverview(team.id, "owner")).members.map((m) => [m.name, m.role])).toEqual([
      ["Owner", "member"],
      ["Member", "owner"],
    ]);
    await expect(changeMemberRole(member.id, team.id, "nobody", "owner")).rejects.toMatchObject({ kind: "not_found" });
  });

  it("removing a former owner revokes the invite links they made", async () => {
    const { owner, member, team } = await teamWithMember();
    await changeMemberRole(owner.id, team.id, member.id, "owner");
    const { url } = await createInvite(member.id, team.id, 7, 5);
    await removeMember(owner.id, team.id, member.id);
    await expect(inviteInfo(tokenOf(url))).rejects.toMatchObject({ kind: "gone" });
    const mine = await createInvite(owner.id, team.id, 7);
    expect(await inviteInfo(tokenOf(mine.url))).toMatchObject({ invitedBy: { name: "Owner" } });
  });

  it("two owners demoting each other at once leave one owner", async () => {
    const { owner, member, team } = await teamWithMember();
    await changeMemberRole(owner.id, team.id, member.id, "owner");
    const results = await Promise.allSettled([
      changeMemberRole(owner.id, team.id, member.id, "member"),
      changeMemberRole(member.id, team.id, owner.id, "member"),
    ]);
    expect(results.filter((r) => r.status === "fulfilled")).toHaveLength(1);
    expect(await db.membership.count({ where: { teamId: team.id, role: "owner" } })).toBe(1);
  });

  it("removing a member ends their API keys for the team; the last owner cannot be removed", async () => {
    const { owner, member, team } = await teamWithMember();
    const { key } = await createApiKey(member.id, team.id, { name: "ci" });
    const req = () => new Request("http://localhost/api/open/v1/x", { headers: { authorization: `Bearer ${key}` } });
    expect(await resolveApiKey(req())).toMatchObject({ ok: true });

    await expect(removeMember(member.id, team.id, owner.id)).rejects.toMatchObject({ kind: "forbidden" });
    await expect(removeMember(owner.id, team.id, owner.id)).rejects.toMatchObject({
      kind: "conflict",
      message: "A team needs at least one owner",
    });
    expect(await removeMember(owner.id, team.id, member.id)).toEqual({ userId: member.id });
    expect(await resolveApiKey(req())).toEqual({ ok: false, error: "Invalid API Key" });
    await expect(removeMember(owner.id, team.id, member.id)).rejects.toMatchObject({ kind: "not_found" });

    // They joined by invite and had no other team: they get one of their own and can carry on.
    const teams = await listTeams(member.id);
    expect(teams).toEqual([expect.objectContaining({ name: "Member's team", role: "owner" })]);
    const row = await db.user.findUniqueOrThrow({ where: { id: member.id } });
    expect(await currentTeam(member.id, row.currentTeamId)).toMatchObject({ id: teams[0].id });
  });
});
