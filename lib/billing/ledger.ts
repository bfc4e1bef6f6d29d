// The credit ledger: every change to a user's balance, held or spent credits is one append-only
// entry, written in the same transaction as a guarded update of the user row. Replaying an
// idempotency key returns the entry it already made.
import "server-only";
import { type Db, db, isUniqueViolation, type Tx } from "@/lib/db";
import { AppError, InsufficientCreditsError, badRequest, conflict, notFound } from "@/lib/errors";

export type LedgerKind = "grant" | "hold" | "capture" | "release" | "refund" | "adjust";

export type LedgerRequest = {
  userId: string;
  amount: number;
  /** Unique per intended effect, e.g. `order:<orderNo>:hold`. */
  idempotencyKey: string;
  reason?: string;
  ref?: string;
  actorId?: string;
};

export type LedgerEntryView = Awaited<ReturnType<typeof applyEntry>>;

// SQLite runs one write transaction at a time: a burst of holds queues, so allow it to wait.
const TX_OPTIONS = { maxWait: 30_000, timeout: 30_000 };

type Deltas = { balance: number; held: number; spent: number };

// What each operation does to (balance, held, spent); amounts are positive except adjust's.
const EFFECT: Record<LedgerKind, (amount: number) => Deltas> = {
  grant: (a) => ({ balance: a, held: 0, spent: 0 }),
  hold: (a) => ({ balance: -a, held: a, spent: 0 }),
  capture: (a) => ({ balance: 0, held: -a, spent: a }),
  release: (a) => ({ balance: a, held: -a, spent: 0 }),
  refund: (a) => ({ balance: a, held: 0, spent: -a }),
  adjust: (a) => ({ balance: a, held: 0, spent: 0 }),
};

const GUARD_MESSAGE: Record<LedgerKind, string> = {
  grant: "",
  hold: "Not enough credits to hold",
  capture: "Cannot capture more than is held",
  release: "Cannot release more than is held",
  refund: "Cannot refund more than was spent",
  adjust: "Cannot deduct more than the available balance",
};

function validate(kind: LedgerKind, req: LedgerRequest) {
  if (!Number.isSafeInteger(req.amount)) throw badRequest("Credit amounts are whole numbers");
  if (kind === "adjust" ? req.amount === 0 : req.amount <= 0) {
    throw badRequest(kind === "adjust" ? "Adjustment cannot be zero" : "Amount must be positive");
  }
  if (!req.idempotencyKey || req.idempotencyKey.length > 200) throw badRequest("Invalid idempotency key");
}

async function applyEntry(kind: LedgerKind, req: LedgerRequest, tx?: Tx) {
  validate(kind, req);
  const d = EFFECT[kind](req.amount);
  const run = async (t: Tx) => {
    const guarded = await t.user.updateMany({
      where: {
        id: req.userId,
        ...(d.balance < 0 ? { balance: { gte: -d.balance } } : {}),
        ...(d.held < 0 ? { held: { gte: -d.held } } : {}),
        ...(d.spent < 0 ? { spent: { gte: -d.spent } } : {}),
      },
      data: {
        balance: { increment: d.balance },
        held: { increment: d.held },
        spent: { increment: d.spent },
      },
    });
    if (guarded.count === 0) {
      const exists = await t.user.count({ where: { id: req.userId } });
      if (!exists) throw notFound("User not found");
      if (kind === "hold" || kind === "adjust") throw new InsufficientCreditsError(GUARD_MESSAGE[kind]);
      throw conflict(GUARD_MESSAGE[kind]);
    }
    const after = await t.user.findUniqueOrThrow({ where: { id: req.userId }, select: { balance: true, held: true } });
    return t.ledgerEntry.create({
      data: {
        userId: req.userId,
        kind,
        amount: req.amount,
        balanceDelta: d.balance,
        heldDelta: d.held,
        spentDelta: d.spent,
        balanceAfter: after.balance,
        heldAfter: after.held,
        idempotencyKey: req.idempotencyKey,
        reason: req.reason ?? null,
        ref: req.ref ?? null,
        actorId: req.actorId ?? null,
      },
    });
  };

  try {
    return { ...(await (tx ? run(tx) : db.$transaction(run, TX_OPTIONS))), replayed: false };
  } catch (error) {
    // Another call with this key won (or came earlier): it is the same effect, answer with it.
    if (!isUniqueViolation(error) || tx) throw error;
    const existing = await db.ledgerEntry.findUnique({ where: { idempotencyKey: req.idempotencyKey } });
    if (!existing) throw error;
    if (existing.kind !== kind || existing.userId !== req.userId || existing.amount !== req.amount) {
      throw conflict("This idempotency key was already used for a different credit change");
    }
    return { ...existing, replayed: true };
  }
}

export const grant = (req: LedgerRequest, tx?: Tx) => applyEntry("grant", req, tx);
export const hold = (req: LedgerRequest, tx?: Tx) => applyEntry("hold", req, tx);
export const capture = (req: LedgerRequest, tx?: Tx) => applyEntry("capture", req, tx);
export const release = (req: LedgerRequest, tx?: Tx) => applyEntry("release", req, tx);
export const refund = (req: LedgerRequest, tx?: Tx) => applyEntry("refund", req, tx);
export const adjust = (req: LedgerRequest, tx?: Tx) => applyEntry("adjust", req, tx);

export type LedgerMismatch = {
  userId: string;
  email: string;
  field: "balance" | "held" | "spent";
  stored: number;
  fromLedger: number;
};

/** Recomputes every user's balance, held and spent credits from the ledger of `client`'s database. */
export async function verifyLedger(
  client: Db = db,
): Promise<{ users: number; entries: number; mismatches: LedgerMismatch[] }> {
  const [users, sums, entries] = await Promise.all([
    client.user.findMany({ select: { id: true, email: true, balance: true, held: true, spent: true } }),
    client.ledgerEntry.groupBy({ by: ["userId"], _sum: { balanceDelta: true, heldDelta: true, spentDelta: true } }),
    client.ledgerEntry.count(),
  ]);
  const byUser = new Map(sums.map((s) => [s.userId, s._sum]));
  const mismatches: LedgerMismatch[] = [];
  for (const u of users) {
    const s = byUser.get(u.id);
    const fromLedger = { balance: s?.balanceDelta ?? 0, held: s?.heldDelta ?? 0, spent: s?.spentDelta ?? 0 };
    for (const field of ["balance", "held", "spent"] as const) {
      if (u[field] !== fromLedger[field] || u[field] < 0) {
        mismatches.push({ userId: u.id, email: u.email, field, stored: u[field], fromLedger: fromLedger[field] });
      }
    }
  }
  return { users: users.length, entries, mismatches };
}

export function isInsufficientCredits(error: unknown): error is InsufficientCreditsError {
  return error instanceof AppError && error.kind === "insufficient_credits";
}
