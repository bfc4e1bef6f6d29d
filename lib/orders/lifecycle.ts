// The order state machine as job runners drive it. Every step is a compare-and-set on the order
// row (status and lease owner), and every credit movement shares its transaction.
import "server-only";
import { hold, release } from "@/lib/billing/ledger";
import { db, type Tx } from "@/lib/db";
import { afterOrderEnded, onOrderEnded, onOrderFinished } from "@/lib/webhooks/events";
import type { Failure, MusicFailure } from "@/lib/contracts/failure";

export type ClaimedOrder = {
  id: string;
  orderNo: string;
  userId: string;
  teamId: string;
  type: string;
  pathKey: string;
  holdAmount: number;
  attempts: number;
  createdAt: Date;
};

const TX = { maxWait: 30_000, timeout: 30_000 };

const CLAIMED = {
  id: true,
  orderNo: true,
  userId: true,
  teamId: true,
  type: true,
  pathKey: true,
  holdAmount: true,
  attempts: true,
  createdAt: true,
} as const;

type Candidate = { id: string; status: string; leaseOwner: string | null; leaseExpiresAt: Date | null };

/** Compare-and-set of one candidate row to `processing` under this worker's lease. */
async function tryClaim(c: Candidate, workerId: string, leaseMs: number, now: Date): Promise<ClaimedOrder | null> {
  const won = await db.order.updateMany({
    where: {
      id: c.id,
      status: c.status,
      leaseOwner: c.leaseOwner,
      ...(c.status === "processing" ? { leaseExpiresAt: { lt: now } } : {}),
    },
    data: {
      status: "processing",
      leaseOwner: workerId,
      leaseExpiresAt: new Date(now.getTime() + leaseMs),
      attempts: { increment: 1 },
      startedAt: now,
    },
  });
  return won.count === 1 ? db.order.findUniqueOrThrow({ where: { id: c.id }, select: CLAIMED }) : null;
}

/** Takes the next runnable order: pending and due, or processing with an expired lease. */
export async function claimNext(workerId: string, leaseMs: number): Promise<ClaimedOrder | null> {
  const now = new Date();
  const candidates = await db.order.findMany({
    where: {
      OR: [
        { status: "pending", nextAttemptAt: { lte: now } },
        { status: "processing", leaseExpiresAt: { lt: now } },
      ],
    },
    orderBy: { createdAt: "asc" },
    take: 5,
    select: { id: true, status: true, leaseOwner: true, leaseExpiresAt: true },
  });
  for (const c of candidates) {
    const order = await tryClaim(c, workerId, leaseMs, now);
    if (order) return order;
  }
  return null;
}

export type ClaimById = { order: ClaimedOrder } | { notBefore: Date } | { gone: true };

/**
 * Takes one named order (a queue job says "look at order X") under the same compare-and-set as
 * claimNext. Answers `notBefore` when it is not runnable yet (a backoff, or a live lease held by
 * someone else), and `gone` when there is nothing left to do (ended, or deleted), so a duplicate or
 * stale job is harmless.
 */
export async function claimById(orderId: string, workerId: string, leaseMs: number): Promise<ClaimById> {
  for (let round = 0; round < 3; round++) {
    const now = new Date();
    const c = await db.order.findUnique({
      where: { id: orderId },
      select: { id: true, status: true, leaseOwner: true, leaseExpiresAt: true, nextAttemptAt: true },
    });
    if (!c || (c.status !== "pending" && c.status !== "processing")) return { gone: true };
    if (c.status === "pending" && c.nextAttemptAt > now) return { notBefore: c.nextAttemptAt };
    if (c.status === "processing" && c.leaseExpiresAt && c.leaseExpiresAt >= now)
      return { notBefore: c.leaseExpiresAt };
    const order = await tryClaim(c, workerId, leaseMs, now);
    if (order) return { order };
    // Lost a race (another worker, or the row changed under us): look again.
  }
  return { notBefore: new Date(Date.now() + leaseMs) };
}

/** Extends the lease; false means another worker has taken the order (or it ended). */
export async function heartbeat(orderId: string, workerId: string, leaseMs: number): Promise<boolean> {
  const r = await db.order.updateMany({
    where: { id: orderId, leaseOwner: workerId, status: "processing" },
    data: { leaseExpiresAt: new Date(Date.now() + leaseMs) },
  });
  return r.count === 1;
}

export async function reportProgress(orderId: string, workerId: string, progress: number, stage: string) {
  await db.order.updateMany({
    where: { id: orderId, leaseOwner: workerId, status: "processing" },
    data: { progress: Math.max(0, Math.min(1, progress)), stage },
  });
}

/**
 * Raises the hold to the measured price. Throws InsufficientCreditsError when the balance cannot
 * cover the difference (nothing changes then). Safe to repeat after a worker died half-way.
 */
export async function raiseHold(order: ClaimedOrder, workerId: string, price: number, durationSec: number) {
  await db.$transaction(async (tx: Tx) => {
    const current = await tx.order.findUniqueOrThrow({
      where: { id: order.id },
      select: { holdAmount: true, leaseOwner: true },
    });
    if (current.leaseOwner !== workerId) throw new LeaseLostError();
    const extra = price - current.holdAmount;
    if (extra > 0) {
      await hold(
        {
          userId: order.userId,
          amount: extra,
          idempotencyKey: `order:${order.orderNo}:hold-to:${price}`,
          ref: `order:${order.orderNo}`,
          reason: `Measured ${durationSec.toFixed(1)} s of media`,
        },
        tx,
      );
    }
    await tx.order.update({
      where: { id: order.id },
      data: { holdAmount: Math.max(price, current.holdAmount), durationSec },
    });
  }, TX);
  order.holdAmount = Math.max(order.holdAmount, price);
}

export class LeaseLostError extends Error {
  constructor() {
    super("Another worker has taken over this order");
  }
}

export async function finishOrder(
  order: ClaimedOrder,
  workerId: string,
  files: { name: string; business: string; path: string; bytes: number }[],
) {
  await db.$transaction(async (tx: Tx) => {
    const won = await tx.order.updateMany({
      where: { id: order.id, leaseOwner: workerId, status: "processing" },
      data: {
        status: "finish",
        progress: 1,
        stage: "done",
        reason: null,
        finishedAt: new Date(),
        leaseOwner: null,
        leaseExpiresAt: null,
      },
    });
    if (won.count !== 1) throw new LeaseLostError();
    await tx.orderFile.deleteMany({ where: { orderId: order.id } });
    await tx.orderFile.createMany({ data: files.map((f) => ({ ...f, orderId: order.id })) });
    await onOrderFinished(tx, order);
  }, TX);
}

/**
 * Ends an order as failed or timed out and releases its hold, once. With a workerId only that
 * worker's lease may end it; without, any pending or processing order (the timeout sweeper).
 */
export async function endOrder(
  orderId: string,
  status: "failed" | "timeout",
  reason: string,
  workerId?: string,
  /** What people are shown instead of `reason` (translated in the browser); "unknown" when not given. */
  failure: Failure = { code: "unknown" },
  /** A Music API task's own failure status, set in this same transaction. */
  music?: MusicFailure,
): Promise<boolean> {
  const ended = await db.$transaction(async (tx: Tx) => {
    const order = await tx.order.findUniqueOrThrow({ where: { id: orderId } });
    const won = await tx.order.updateMany({
      where: {
        id: orderId,
        status: { in: ["pending", "processing"] },
        ...(workerId ? { leaseOwner: workerId } : { updatedAt: order.updatedAt }),
      },
      data: {
        status,
        reason,
        reasonCode: failure.code,
        reasonParams: failure.params ? JSON.stringify(failure.params) : null,
        payStatus: "released",
        finishedAt: new Date(),
        leaseOwner: null,
        leaseExpiresAt: null,
      },
    });
    if (won.count !== 1) return null;
    if (order.payStatus === "waiting" && order.holdAmount > 0) {
      await release(
        {
          userId: order.userId,
          amount: order.holdAmount,
          idempotencyKey: `order:${order.orderNo}:release`,
          ref: `order:${order.orderNo}`,
          reason: status === "timeout" ? "Order timed out" : "Order failed",
        },
        tx,
      );
    }
    await onOrderEnded(tx, order, status, reason, music);
    return order;
  }, TX);
  if (!ended) return false;
  // The order has ended either way; a failed clean-up is left to the runner's sweep.
  await afterOrderEnded(ended).catch((error) => console.error("[orders] clean-up after ending failed", error));
  return true;
}

/** Puts an order back in the queue after a transient failure (or a graceful shutdown). */
export async function retryLater(
  orderId: string,
  workerId: string,
  delayMs: number,
  note: string | null,
  refundAttempt = false,
) {
  await db.order.updateMany({
    where: { id: orderId, leaseOwner: workerId, status: "processing" },
    data: {
      status: "pending",
      leaseOwner: null,
      leaseExpiresAt: null,
      nextAttemptAt: new Date(Date.now() + delayMs),
      stage: note ? `retrying: ${note}` : "queued",
      ...(refundAttempt ? { attempts: { decrement: 1 } } : {}),
    },
  });
}

/** Orders older than the limit that have not finished become `timeout`. Returns how many. */
export async function expireOverdue(limitMs: number): Promise<number> {
  const overdue = await db.order.findMany({
    where: { status: { in: ["pending", "processing"] }, createdAt: { lt: new Date(Date.now() - limitMs) } },
    select: { id: true },
    take: 100,
  });
  let n = 0;
  const [count, unit] =
    limitMs >= 60_000 ? [Math.round(limitMs / 60_000), "minute"] : [Math.round(limitMs / 1000), "second"];
  const reason = `The order did not finish within ${count} ${unit}${count === 1 ? "" : "s"}`;
  const failure: Failure = { code: "timed_out", params: { minutes: Math.max(1, Math.round(limitMs / 60_000)) } };
  for (const o of overdue) {
    if (await endOrder(o.id, "timeout", reason, undefined, failure)) n++;
  }
  return n;
}

/** Notes which engine (dsp-v2, onnx:<model>@<hash8>, …) produces this order's results, while the
 * worker still holds the lease. */
export async function recordEngine(order: ClaimedOrder, workerId: string, engine: string) {
  const won = await db.order.updateMany({
    where: { id: order.id, leaseOwner: workerId, status: "processing" },
    data: { engine },
  });
  if (won.count !== 1) throw new LeaseLostError();
}
