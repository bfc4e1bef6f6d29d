import { randomUUID } from "node:crypto";
import { beforeEach, describe, expect, it } from "vitest";
import { adjust, capture, grant, hold, refund, release, verifyLedger } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import type { AppError } from "@/lib/errors";

async function newUser(balance = 0) {
  const user = await db.user.create({
    data: { email: `${randomUUID()}@example.com`, name: "Ledger test", passwordHash: "x" },
  });
  if (balance > 0) await grant({ userId: user.id, amount: balance, idempotencyKey: `seed:${user.id}` });
  return user;
}

const credits = (id: string) =>
  db.user.findUniqueOrThrow({ where: { id }, select: { balance: true, held: true, spent: true } });

describe("credit ledger", () => {
  let userId: string;
  beforeEach(async () => {
    userId = (await newUser(100)).id;
  });

  it("200 concurrent holds against a balance that covers 50: exactly 50 succeed and the balance ends at 0", async () => {
    const u = await newUser(50);
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, (_, i) => hold({ userId: u.id, amount: 1, idempotencyKey: `race:${u.id}:${i}` })),
    );
    const ok = results.filter((r) => r.status === "fulfilled");
    const failed = results.filter((r) => r.status === "rejected") as PromiseRejectedResult[];
    expect(ok).toHaveLength(50);
    expect(failed).toHaveLength(150);
    for (const f of failed) expect((f.reason as AppError).kind).toBe("insufficient_credits");
    expect(await credits(u.id)).toEqual({ balance: 0, held: 50, spent: 0 });
    expect(await db.ledgerEntry.count({ where: { userId: u.id, kind: "hold" } })).toBe(50);
  });

  it("the same idempotency key applied 50 times concurrently makes one entry", async () => {
    const key = `dup:${userId}`;
    const results = await Promise.all(
      Array.from({ length: 50 }, () => hold({ userId, amount: 7, idempotencyKey: key })),
    );
    expect(new Set(results.map((r) => r.id)).size).toBe(1);
    expect(results.filter((r) => !r.replayed)).toHaveLength(1);
    expect(await db.ledgerEntry.count({ where: { idempotencyKey: key } })).toBe(1);
    expect(await credits(userId)).toEqual({ balance: 93, held: 7, spent: 0 });
  });

  it("reusing a key for a different change is refused", async () => {
    await grant({ userId, amount: 5, idempotencyKey: `k:${userId}` });
    await expect(grant({ userId, amount: 6, idempotencyKey: `k:${userId}` })).rejects.toMatchObject({
      kind: "conflict",
    });
    expect((await credits(userId)).balance).toBe(105);
  });

  it("hold → capture moves credits to spent; hold → release gives them back; refund returns spent credits", async () => {
    await hold({ userId, amount: 30, idempotencyKey: `h1:${userId}` });
    await capture({ userId, amount: 30, idempotencyKey: `c1:${userId}` });
    await hold({ userId, amount: 20, idempotencyKey: `h2:${userId}` });
    await release({ userId, amount: 20, idempotencyKey: `r2:${userId}` });
    expect(await credits(userId)).toEqual({ balance: 70, held: 0, spent: 30 });
    const r = await refund({ userId, amount: 10, idempotencyKey: `rf:${userId}`, reason: "bad result" });
    expect(r).toMatchObject({ kind: "refund", balanceAfter: 80, heldAfter: 0, reason: "bad result" });
    expect(await credits(userId)).toEqual({ balance: 80, held: 0, spent: 20 });
  });

  it("guards: no capture or release beyond what is held, no refund beyond spent, no deduction below zero", async () => {
    await hold({ userId, amount: 10, idempotencyKey: `h:${userId}` });
    await expect(capture({ userId, amount: 11, idempotencyKey: `c:${userId}` })).rejects.toMatchObject({
      kind: "conflict",
    });
    await expect(release({ userId, amount: 11, idempotencyKey: `r:${userId}` })).rejects.toMatchObject({
      kind: "conflict",
    });
    await expect(refund({ userId, amount: 1, idempotencyKey: `rf:${userId}` })).rejects.toMatchObject({
      kind: "conflict",
    });
    await expect(adjust({ userId, amount: -91, idempotencyKey: `a:${userId}` })).rejects.toMatchObject({
      kind: "insufficient_credits",
    });
    await adjust({ userId, amount: -90, idempotencyKey: `a2:${userId}` });
    expect(await credits(userId)).toEqual({ balance: 0, held: 10, spent: 0 });
    // A refused operation leaves no entry behind.
    expect(await db.ledgerEntry.count({ where: { userId } })).toBe(3);
  });

  it("rejects amounts that are not positive whole numbers", async () => {
    for (const amount of [0, -1, 1.5, Number.NaN]) {
      await expect(grant({ userId, amount, idempotencyKey: `bad:${amount}` })).rejects.toMatchObject({
        kind: "bad_request",
      });
    }
    await expect(adjust({ userId, amount: 0, idempotencyKey: "zero" })).rejects.toMatchObject({ kind: "bad_request" });
    await expect(grant({ userId: "nobody", amount: 1, idempotencyKey: "nobody" })).rejects.toMatchObject({
      kind: "not_found",
    });
  });

  it("verifyLedger recomputes balances and reports a tampered one", async () => {
    expect((await verifyLedger()).mismatches).toEqual([]);
    await db.user.update({ where: { id: userId }, data: { balance: { increment: 1 } } });
    const { mismatches } = await verifyLedger();
    expect(mismatches).toEqual([expect.objectContaining({ userId, field: "balance", stored: 101, fromLedger: 100 })]);
    await db.user.update({ where: { id: userId }, data: { balance: { decrement: 1 } } });
  });
});
