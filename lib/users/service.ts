// Accounts: sign-up (the first account becomes the admin), the admin's user list and flags.
import "server-only";
import type { z } from "zod";
import { hashPassword } from "@/lib/auth/password";
import type { adminUserListSchema, SignUpInput } from "@/lib/contracts/account";
import { db, isUniqueViolation, textContains } from "@/lib/db";
import { badRequest, conflict, notFound } from "@/lib/errors";
import { createTeam, joinByInvite } from "@/lib/teams/service";

export const EMAIL_TAKEN = "An account with this email already exists";

export async function signUp(input: SignUpInput & { role?: "user" | "admin" }) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      if (await tx.user.findUnique({ where: { email: input.email }, select: { id: true } })) {
        throw conflict(EMAIL_TAKEN, { email: EMAIL_TAKEN });
      }
      const first = (await tx.user.count()) === 0;
      const user = await tx.user.create({
        data: {
          email: input.email,
          name: input.name,
          passwordHash,
          role: first ? "admin" : (input.role ?? "user"),
        },
        select: { id: true, email: true, name: true, role: true },
      });
      if (input.invite) await joinByInvite(user.id, input.invite, tx);
      else await createTeam(user.id, `${input.name}'s team`, tx);
      return user;
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(EMAIL_TAKEN, { email: EMAIL_TAKEN });
    throw error;
  }
}

type ListQuery = z.infer<typeof adminUserListSchema>;

export async function listUsers(q: ListQuery) {
  const where = q.q ? { OR: [{ email: { contains: q.q.toLowerCase() } }, { name: textContains(q.q) }] } : {};
  const [rows, total] = await Promise.all([
    db.user.findMany({
      where,
      orderBy: [{ [q.sort]: q.dir }, { id: "asc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      select: {
        id: true,
        email: true,
        name: true,
        role: true,
        disabled: true,
        balance: true,
        held: true,
        spent: true,
        lastActiveAt: true,
        createdAt: true,
        memberships: { select: { team: { select: { id: true, name: true } } } },
      },
    }),
    db.user.count({ where }),
  ]);
  return {
    users: rows.map(({ memberships, ...u }) => ({ ...u, teams: memberships.map((m) => m.team) })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

export async function updateUserFlags(
  actorId: string,
  userId: string,
  change: { disabled?: boolean; role?: "user" | "admin" },
) {
  const target = await db.user.findUnique({ where: { id: userId }, select: { id: true } });
  if (!target) throw notFound("User not found");
  if (actorId === userId && (change.disabled === true || change.role === "user")) {
    throw badRequest("You cannot disable or demote your own account");
  }
  const user = await db.$transaction(async (tx) => {
    const u = await tx.user.update({
      where: { id: userId },
      data: change,
      select: { id: true, email: true, name: true, role: true, disabled: true },
    });
    // A disabled user is signed out everywhere at once.
    if (change.disabled) {
      await tx.authSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } });
    }
    return u;
  });
  return user;
}
