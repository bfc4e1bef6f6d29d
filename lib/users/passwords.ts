// Changing passwords: a person changes their own (the current one proves it is them; their other
// browser sessions end, this one goes on), an administrator resets someone's (every session of that
// person ends; a random password is made unless one is given, and shown once).
import "server-only";
import { randomBytes } from "node:crypto";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { passwordSchema } from "@/lib/contracts/account";
import type { ChangePasswordInput } from "@/lib/contracts/credits";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";

export const WRONG_CURRENT_PASSWORD = "The current password is not right";
export const SAME_PASSWORD = "Choose a password different from the current one";

export async function changeOwnPassword(user: { id: string; sid: string }, input: ChangePasswordInput) {
  const row = await db.user.findUniqueOrThrow({ where: { id: user.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(input.currentPassword, row.passwordHash))) {
    throw new AppError("bad_request", WRONG_CURRENT_PASSWORD, { currentPassword: WRONG_CURRENT_PASSWORD });
  }
  if (input.currentPassword === input.newPassword) {
    throw new AppError("bad_request", SAME_PASSWORD, { newPassword: SAME_PASSWORD });
  }
  const passwordHash = await hashPassword(input.newPassword);
  const [, revoked] = await db.$transaction([
    // Only if the hash is still the one checked: two changes at once cannot both pass on the old password.
    db.user.updateMany({ where: { id: user.id, passwordHash: row.passwordHash }, data: { passwordHash } }),
    db.authSession.updateMany({
      where: { userId: user.id, revokedAt: null, id: { not: user.sid } },
      data: { revokedAt: new Date() },
    }),
  ]);
  return { otherSessionsEnded: revoked.count };
}

/** 20 characters from a 120-bit random value, always mixing letters with digits or symbols. */
export function randomPassword(): string {
  for (;;) {
    const candidate = randomBytes(15).toString("base64url");
    if (passwordSchema.safeParse(candidate).success) return candidate;
  }
}

export async function resetPassword(userId: string, chosen?: string) {
  const password = chosen === undefined ? randomPassword() : passwordSchema.parse(chosen);
  const passwordHash = await hashPassword(password);
  const [updated, revoked] = await db.$transaction([
    db.user.updateMany({ where: { id: userId }, data: { passwordHash } }),
    db.authSession.updateMany({ where: { userId, revokedAt: null }, data: { revokedAt: new Date() } }),
  ]);
  if (updated.count === 0) throw notFound("User not found");
  return { password, generated: chosen === undefined, sessionsEnded: revoked.count };
}
