// Teams, memberships and invite links. A user works in one current team at a time.
import "server-only";
import { createHash, createHmac, randomUUID } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { AppError, conflict, forbidden, notFound } from "@/lib/errors";

export type TeamRole = "owner" | "member";

const hashToken = (token: string) => createHash("sha256").update(token).digest("hex");

// An invite's token is an HMAC of its id under a key derived from AUTH_SECRET, so an owner can copy
// the link again while it is valid, and still only the token's hash is stored: the database alone
// yields no usable link. Links made before this were random; they cannot be rebuilt (url: null).
function inviteToken(inviteId: string) {
  const key = createHmac("sha256", env().AUTH_SECRET).update("mixdesk invite link v1").digest();
  return createHmac("sha256", key).update(inviteId).digest("base64url");
}

const inviteUrl = (token: string) => `${env().PUBLIC_BASE_URL}/invite/${token}`;

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

type InviteRow = {
  id: string;
  tokenHash: string;
  createdAt: Date;
  expiresAt: Date;
  revokedAt: Date | null;
  uses: number;
  maxUses: number;
};

function inviteStatus(i: InviteRow, now = new Date()) {
  if (i.revokedAt) return "revoked";
  if (i.expiresAt <= now) return "expired";
  return i.uses >= i.maxUses ? "used_up" : "active";
}

function inviteView(i: InviteRow) {
  const status = inviteStatus(i);
  const token = status === "active" ? inviteToken(i.id) : null;
  return {
    id: i.id,
    createdAt: i.createdAt,
    expiresAt: i.expiresAt,
    uses: i.uses,
    maxUses: i.maxUses,
    status,
    /** The link again, while it can still be used (owners only see invites at all). */
    url: token && hashToken(token) === i.tokenHash ? inviteUrl(token) : null,
  };
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
    invites: invites.map(inviteView),
  };
}

export const OWNERS_ONLY = "Only the team's owners can manage invites and members";
export const LAST_OWNER = "A team needs at least one owner";
export const MEMBER_NOT_FOUND = "That person is not a member of this team";

async function requireOwner(userId: string, teamId: string, t: Tx = db) {
  const m = await t.membership.findUnique({ where: { userId_teamId: { userId, teamId } } });
  if (m?.role !== "owner") throw forbidden(OWNERS_ONLY);
}

/** Links are single-use unless the owner allows more people to join with them. */
export async function createInvite(userId: string, teamId: string, days: number, maxUses = 1) {
  await requireOwner(userId, teamId);
  const id = randomUUID();
  const token = inviteToken(id);
  const invite = await db.invite.create({
    data: {
      id,
      tokenHash: hashToken(token),
      teamId,
      createdById: userId,
      expiresAt: new Date(Date.now() + days * 86_400_000),
      maxUses,
    },
  });
  return { invite: inviteView(invite), url: inviteUrl(token) };
}

export async function revokeInvite(userId: string, teamId: string, inviteId: string) {
  await requireOwner(userId, teamId);
  const invite = await db.invite.findFirst({ where: { id: inviteId, teamId } });
  if (!invite) throw notFound("Invite not found");
  const row = invite.revokedAt
    ? invite
    : await db.invite.update({ where: { id: inviteId }, data: { revokedAt: new Date() } });
  return inviteView(row);
}

export const INVITE_INVALID = "This invite link is not valid";
export const INVITE_EXPIRED = "This invite link has expired";
export const INVITE_USED_UP = "This invite link has already been used";

const inviteUsedUp = () => new AppError("gone", INVITE_USED_UP, { invite: INVITE_USED_UP });

/** The invite behind a link, or the reason it cannot be used. */
export async function findUsableInvite(token: string, t: Tx = db, opts: { usedUpIsFine?: boolean } = {}) {
  const invite = await t.invite.findUnique({
    where: { tokenHash: hashToken(token) },
    include: { team: { select: { id: true, name: true } }, createdBy: { select: { name: true } } },
  });
  if (!invite) throw new AppError("not_found", INVITE_INVALID, { invite: INVITE_INVALID });
  if (invite.revokedAt || invite.expiresAt <= new Date()) {
    throw new AppError("gone", INVITE_EXPIRED, { invite: INVITE_EXPIRED });
  }
  if (!opts.usedUpIsFine && invite.uses >= invite.maxUses) throw inviteUsedUp();
  return invite;
}

export async function inviteInfo(token: string) {
  const invite = await findUsableInvite(token);
  return { team: { name: invite.team.name }, invitedBy: { name: invite.createdBy.name }, expiresAt: invite.expiresAt };
}

/** Joins the invite's team (idempotent for existing members) and makes it the current team. */
export async function joinByInvite(userId: string, token: string, tx?: Tx) {
  const run = async (t: Tx) => {
    // Following a link again is harmless for someone already in the team (it may be the very use
    // that used it up); anyone else takes one of its uses by compare-and-set, so two people
    // cannot both get the last one.
    const invite = await findUsableInvite(token, t, { usedUpIsFine: true });
    const existing = await t.membership.findUnique({
      where: { userId_teamId: { userId, teamId: invite.teamId } },
    });
    if (!existing) {
      const taken = await t.invite.updateMany({
        where: { id: invite.id, revokedAt: null, expiresAt: { gt: new Date() }, uses: { lt: t.invite.fields.maxUses } },
        data: { uses: { increment: 1 } },
      });
      if (taken.count !== 1) {
        await findUsableInvite(token, t); // revoked or expired meanwhile: say so
        throw inviteUsedUp();
      }
      await t.membership.create({ data: { userId, teamId: invite.teamId, role: "member" } });
    }
    await t.user.update({ where: { id: userId }, data: { currentTeamId: invite.teamId } });
    return { id: invite.team.id, name: invite.team.name, role: existing?.role ?? ("member" as const) };
  };
  return tx ? run(tx) : db.$transaction(run);
}

// Membership changes lock the team row first (an UPDATE that changes nothing), so on PostgreSQL
// two owners demoting or removing each other at once are serialised and the last-owner check
// below sees the other's result; SQLite serialises write transactions anyway.
async function lockTeam(t: Tx, teamId: string) {
  const team = await t.team.findUnique({ where: { id: teamId }, select: { name: true } });
  if (!team) throw notFound("Team not found");
  await t.team.update({ where: { id: teamId }, data: { name: team.name } });
}

async function requireAnOwnerLeft(t: Tx, teamId: string) {
  if ((await t.membership.count({ where: { teamId, role: "owner" } })) === 0) throw conflict(LAST_OWNER);
}

export async function changeMemberRole(actorId: string, teamId: string, memberId: string, role: TeamRole) {
  return db.$transaction(async (t) => {
    await lockTeam(t, teamId);
    await requireOwner(actorId, teamId, t);
    const changed = await t.membership.updateMany({ where: { teamId, userId: memberId }, data: { role } });
    if (changed.count !== 1) throw notFound(MEMBER_NOT_FOUND);
    await requireAnOwnerLeft(t, teamId);
    return { userId: memberId, role };
  });
}

/**
 * Takes someone out of the team. Their API keys for it stop working at once (keys are checked
 * against membership on every call) and invite links they made for it are revoked. Someone left in
 * no team gets a new team of their own, so the account stays usable.
 */
export async function removeMember(actorId: string, teamId: string, memberId: string) {
  return db.$transaction(async (t) => {
    await lockTeam(t, teamId);
    await requireOwner(actorId, teamId, t);
    const removed = await t.membership.deleteMany({ where: { teamId, userId: memberId } });
    if (removed.count !== 1) throw notFound(MEMBER_NOT_FOUND);
    await requireAnOwnerLeft(t, teamId);
    // Links a former owner handed out should not keep letting people in after they are gone.
    await t.invite.updateMany({
      where: { teamId, createdById: memberId, revokedAt: null },
      data: { revokedAt: new Date() },
    });
    const user = await t.user.findUniqueOrThrow({
      where: { id: memberId },
      select: { name: true, currentTeamId: true },
    });
    const rest = await t.membership.findFirst({ where: { userId: memberId }, orderBy: { createdAt: "asc" } });
    if (!rest) await createTeam(memberId, `${user.name}'s team`, t);
    else if (user.currentTeamId === teamId) {
      await t.user.update({ where: { id: memberId }, data: { currentTeamId: rest.teamId } });
    }
    return { userId: memberId };
  });
}
