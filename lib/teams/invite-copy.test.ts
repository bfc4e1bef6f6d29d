import { createHash, randomUUID } from "node:crypto";
import { describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { createInvite, createTeam, inviteInfo, revokeInvite, teamOverview } from "@/lib/teams/service";

async function owner() {
  const user = await db.user.create({
    data: { email: `owner-${randomUUID().slice(0, 8)}@example.com`, name: "Owner", passwordHash: "x" },
  });
  const team = await createTeam(user.id, "Copy team");
  return { userId: user.id, teamId: team.id };
}

describe("invite links can be copied again", () => {
  it("an owner sees the same working link while it is valid, and none once revoked", async () => {
    const o = await owner();
    const created = await createInvite(o.userId, o.teamId, 7, 3);
    const listed = (await teamOverview(o.teamId, "owner")).invites.find((i) => i.id === created.invite.id);
    expect(listed?.url).toBe(created.url);
    const token = created.url.split("/invite/")[1];
    expect((await inviteInfo(token)).team.name).toBe("Copy team");
    // The database holds only the hash, never the token.
    const row = await db.invite.findUniqueOrThrow({ where: { id: created.invite.id } });
    expect(JSON.stringify(row)).not.toContain(token);

    expect((await teamOverview(o.teamId, "member")).invites).toEqual([]);
    await revokeInvite(o.userId, o.teamId, created.invite.id);
    const after = (await teamOverview(o.teamId, "owner")).invites.find((i) => i.id === created.invite.id);
    expect(after).toMatchObject({ status: "revoked", url: null });
  });

  it("a link made before (a random token) cannot be rebuilt: no url is offered", async () => {
    const o = await owner();
    const legacy = await db.invite.create({
      data: {
        tokenHash: createHash("sha256").update(randomUUID()).digest("hex"),
        teamId: o.teamId,
        createdById: o.userId,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    });
    const listed = (await teamOverview(o.teamId, "owner")).invites.find((i) => i.id === legacy.id);
    expect(listed).toMatchObject({ status: "active", url: null });
  });
});
