import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { hashPassword, verifyPassword } from "@/lib/auth/password";
import { passwordSchema } from "@/lib/contracts/account";
import { db } from "@/lib/db";
import type { AppError } from "@/lib/errors";
import { changeOwnPassword, randomPassword, resetPassword, WRONG_CURRENT_PASSWORD } from "@/lib/users/passwords";

const OLD = "an old password 1";

async function userWithSessions(n: number) {
  const user = await db.user.create({
    data: { email: `pw-${randomUUID().slice(0, 8)}@example.com`, name: "Pw", passwordHash: await hashPassword(OLD) },
  });
  const sessions = [];
  for (let i = 0; i < n; i++) {
    sessions.push(
      await db.authSession.create({ data: { userId: user.id, expiresAt: new Date(Date.now() + 86_400_000) } }),
    );
  }
  return { user, sids: sessions.map((s) => s.id) };
}

const live = async (userId: string) =>
  (await db.authSession.findMany({ where: { userId, revokedAt: null }, select: { id: true } })).map((s) => s.id);
const hashOf = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id } })).passwordHash;

describe("passwords", () => {
  it("a wrong current password changes nothing", async () => {
    const { user, sids } = await userWithSessions(2);
    const error = (await changeOwnPassword(
      { id: user.id, sid: sids[0] },
      {
        currentPassword: "not it 1",
        newPassword: "a new password 2",
      },
    ).catch((e) => e)) as AppError;
    expect(error.kind).toBe("bad_request");
    expect(error.fields).toEqual({ currentPassword: WRONG_CURRENT_PASSWORD });
    expect(await verifyPassword(OLD, await hashOf(user.id))).toBe(true);
    expect(await live(user.id)).toHaveLength(2);
  });

  it("changing one's own password keeps this session and ends the others", async () => {
    const { user, sids } = await userWithSessions(3);
    const result = await changeOwnPassword(
      { id: user.id, sid: sids[1] },
      {
        currentPassword: OLD,
        newPassword: "a new password 2",
      },
    );
    expect(result).toEqual({ otherSessionsEnded: 2 });
    expect(await live(user.id)).toEqual([sids[1]]);
    const hash = await hashOf(user.id);
    expect(await verifyPassword("a new password 2", hash)).toBe(true);
    expect(await verifyPassword(OLD, hash)).toBe(false);
  });

  it("an admin reset makes a random password that passes the rules and ends every session", async () => {
    const { user } = await userWithSessions(2);
    const result = await resetPassword(user.id);
    expect(result.generated).toBe(true);
    expect(passwordSchema.safeParse(result.password).success).toBe(true);
    expect(result.password).toHaveLength(20);
    expect(await verifyPassword(result.password, await hashOf(user.id))).toBe(true);
    expect(await live(user.id)).toEqual([]);
    expect(new Set(Array.from({ length: 20 }, randomPassword)).size).toBe(20);
  });

  it("the CLI prints a new password, or takes one from standard input", async () => {
    const { user } = await userWithSessions(1);
    const run = promisify(execFile);
    const cli = [
      path.resolve("node_modules/.bin/tsx"),
      "--conditions=react-server",
      "scripts/admin.ts",
      "reset-password",
      user.email,
    ];
    // The child inherits this worker's DATABASE_URL (the test file's own database).
    const printed = (await run(cli[0], cli.slice(1))).stdout.trim();
    expect(await verifyPassword(printed, await hashOf(user.id))).toBe(true);
    expect(await live(user.id)).toEqual([]);

    const child = execFile(cli[0], [...cli.slice(1), "--stdin"]);
    child.stdin?.end("chosen on stdin 7\n");
    const code = await new Promise<number | null>((resolve) => child.on("exit", resolve));
    expect(code).toBe(0);
    expect(await verifyPassword("chosen on stdin 7", await hashOf(user.id))).toBe(true);
  });
});
