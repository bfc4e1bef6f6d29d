// Administrator credit changes and the ledger listing.
import "server-only";
import { adjust, grant } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import type { CreditChangeInput } from "@/lib/contracts/account";

export async function adminChangeCredits(
  input: CreditChangeInput & { actorId: string; userId: string; idempotencyKey: string },
) {
  const req = {
    userId: input.userId,
    amount: input.amount,
    reason: input.reason,
    actorId: input.actorId,
    idempotencyKey: `admin:${input.idempotencyKey}`,
  };
  try {
    const entry = input.amount > 0 ? await grant(req) : await adjust(req);
    const user = await db.user.findUniqueOrThrow({
      where: { id: input.userId },
      select: { id: true, balance: true, held: true, spent: true },
    });
    return { user, entry };
  } catch (error) {
    if (error instanceof AppError && error.kind === "insufficient_credits") {
      throw new AppError("bad_request", error.message, { amount: error.message });
    }
    throw error;
  }
}

export async function listLedger(q: { userId?: string; page: number; pageSize: number }) {
  const where = q.userId ? { userId: q.userId } : {};
  const [rows, total] = await Promise.all([
    db.ledgerEntry.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      include: { user: { select: { email: true } }, actor: { select: { email: true } } },
    }),
    db.ledgerEntry.count({ where }),
  ]);
  return {
    entries: rows.map(({ user, actor, ...e }) => ({ ...e, userEmail: user.email, actorEmail: actor?.email ?? null })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}
