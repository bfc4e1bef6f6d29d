// Teams, memberships and invite links. A user works in one current team at a time.
import "server-only";
import { createHash, randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, forbidden, notFound } from "@/lib/errors";

export type TeamRole = "owner" | "member";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

export async function createTeam(userId: string, name: string, tx?: Tx) {
  const run = async (t: Tx) => {
    const team = await t.team.create({ data: { name } });
    await t.membership.create({ data: { userId, teamId: team.id, role: "owner" } });
    await t.user.update({ where: { id: userId }, data: { currentTeamId: team.id } });
    return { id: team.id, name: team.name, role: "owner" as const };
  };
  return tx ? run(tx) : db.$transaction(run);
}

export async function listTeams(userId: string) {
  const rows = await db.membership.findMany({
    where: { userId },
    include: { team: { select: { id: true, name: true } } },
    orderBy: { createdAt: "asc" },
  });
  return rows.map((m) => ({ id: m.team.id, name: m.team.name, role: m.role }));
}

/** The user's current team, falling back to the oldest membership when it is gone. */
export async function currentTeam(userId: string, currentTeamId: string | null) {
  if (currentTeamId) {
    const m = await db.membership.findUnique({
      where: { userId_teamId: { userId, teamId: currentTeamId } },
      include: { team: { select: { id: true, name: true } } },
    });
    if (m) return { id: m.team.id, name: m.team.name, role: m.role };
  }
  const [first] = await listTeams(userId);
  return first ?? null;
}

export async function switchTeam(userId: string, teamId: string) {
  const m = await db.membership.findUnique({
    where: { userId_teamId: { userId, teamId } },
    include: { team: { select: { id: true, name: true } } },
  });
  if (!m) throw notFound("You are not a member of that team");
  await db.user.update({ where: { id: userId }, data: { currentTeamId: teamId } });
  return { id: m.team.id, name: m.team.name, role: m.role };
}

function inviteStatus(i: { expiresAt: Date; revokedAt: Date | null }, now = new Date()) {
  return i.revokedAt ? "revoked" : i.expiresAt <= now ? "expired" : "active";
}

export async function teamOverview(teamId: string, role: TeamRole) {
  const [team, members, invites] = await Promise.all([
    db.team.findUniqueOrThrow({ where: { id: teamId }, select: { id: true, name: true } }),
    db.membership.findMany({
      where: { teamId },
      include: { user: { select: { id: true, name: true, email: true } } },
      orderBy: { createdAt: "asc" },
    }),
    role === "owner"
      ? db.invite.findMany({ where: { teamId }, orderBy: { createdAt: "desc" }, take: 50 })
      : Promise.resolve([]),
  ]);
  return {
    team,
    role,
    members: members.map((m) => ({
      userId: m.user.id,
      name: m.user.name,
      email: m.user.email,
      role: m.role,
      joinedAt: m.createdAt,
    })),
    invites: invites.map((i) => ({
      id: i.id,
      createdAt: i.createdAt,
      expiresAt: i.expiresAt,
      uses: i.uses,
      status: inviteStatus(i),
    })),
  };
}

async function requireOwner(userId: string, teamId: string) {
  const m = await db.membership.findUnique({ where: { userId_teamId: { userId, teamId } } });
  if (m?.role !== "owner") throw forbidden("Only the team's owner can manage invites");
}

export async function createInvite(userId: string, teamId: string, days: number) {
  await requireOwner(userId, teamId);
  const token = randomBytes(24).toString("base64url");
  const invite = await db.invite.create({
    data: {
      tokenHash: hashToken(token),
      teamId,
      createdById: userId,
      expiresAt: new Date(Date.now() + days * 86_400_000),
    },
  });
  return {
    invite: { id: invite.id, createdAt: invite.createdAt, expiresAt: invite.expiresAt, uses: 0, status: "active" },
    url: `${env().PUBLIC_BASE_URL}/invite/${token}`,
  };
}

export async function revokeInvite(userId: string, teamId: string, inviteId: string) {
  await requireOwner(userId, teamId);
  const invite = await db.invite.findFirst({ where: { id: inviteId, teamId } });
  if (!invite) throw notFound("Invite not found");
  const row = invite.revokedAt
    ? invite
    : await db.invite.update({ where: { id: inviteId }, data: { revokedAt: new Date() } });
  return { id: row.id, createdAt: row.createdAt, expiresAt: row.expiresAt, uses: row.uses, status: inviteStatus(row) };
}

export const INVITE_INVALID = "This invite link is not valid";
export const INVITE_EXPIRED = "This invite link has expired";

/** The invite behind a link, or the reason it cannot be used. */
export async function findUsableInvite(token: string, t: Tx = db) {
  const invite = await t.invite.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { team: { select: { id: true, name: true } }, createdBy: { select: { name: true } } },
  });
  if (!invite) throw new AppError("not_found", INVITE_INVALID, { invite: INVITE_INVALID });
  if (invite.revokedAt || invite.expiresAt <= new Date()) {
    throw new AppError("gone", INVITE_EXPIRED, { invite: INVITE_EXPIRED });
  }
  return invite;
}

export async function inviteInfo(token: string) {
  const invite = await findUsableInvite(token);
  return { team: { name: invite.team.name }, invitedBy: { name: invite.createdBy.name }, expiresAt: invite.expiresAt };
}

/** Joins the invite's team (idempotent for existing members) and makes it the current team. */
export async function joinByInvite(userId: string, token: string, tx?: Tx) {
  const run = async (t: Tx) => {
    const invite = await findUsableInvite(token, t);
    const existing = await t.membership.findUnique({
      where: { userId_teamId: { userId, teamId: invite.teamId } },
    });
    if (!existing) {
      await t.membership.create({ data: { userId, teamId: invite.teamId, role: "member" } });
      await t.invite.update({ where: { id: invite.id }, data: { uses: { increment: 1 } } });
    }
    await t.user.update({ where: { id: userId }, data: { currentTeamId: invite.teamId } });
    return { id: invite.team.id, name: invite.team.name, role: existing?.role ?? ("member" as const) };
  };
  return tx ? run(tx) : db.$transaction(run);
}
