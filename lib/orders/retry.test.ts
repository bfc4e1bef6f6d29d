// Retry of a failed order on real SQLite: the same input becomes a new pending order with the base
// price held like any create; a second Retry of the same order answers the first retry's order; an
// order that did not fail, or a user who cannot cover the hold, is refused.
import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { grant } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { newOrderNo } from "@/lib/orders/order-no";
import { priceOf } from "@/lib/orders/pricing";
import { retryOrder } from "@/lib/orders/retry";
import { signUp } from "@/lib/users/service";

async function person(credits: number) {
  const user = await signUp({
    email: `rt-${randomUUID().slice(0, 8)}@example.com`,
    name: "Rt",
    password: "a long password 1",
  });
  if (credits) await grant({ userId: user.id, amount: credits, reason: "test", idempotencyKey: `grant:${user.id}` });
  const { teamId } = await db.membership.findFirstOrThrow({ where: { userId: user.id } });
  return { userId: user.id, teamId };
}

async function pastOrder(actor: { userId: string; teamId: string }, status: string, type = "extract-voice") {
  const orderNo = newOrderNo();
  await db.order.create({
    data: {
      orderNo,
      userId: actor.userId,
      teamId: actor.teamId,
      type,
      status,
      payStatus: status === "finish" ? "paid" : "released",
      messageId: randomUUID(),
      pathKey: "http://127.0.0.1:9/missing.mp3",
      holdAmount: 0,
      reason: status === "failed" ? "The link could not be fetched: HTTP 404" : null,
    },
  });
  return orderNo;
}

const wallet = (userId: string) =>
  db.user.findUniqueOrThrow({ where: { id: userId }, select: { balance: true, held: true } });

let base: number;
beforeAll(async () => {
  base = (await priceOf("extract-voice")).baseCredits;
});

describe("Retry", () => {
  it("a failed order's input becomes a new pending order, held like any order; a second Retry answers the same one", async () => {
    const me = await person(100);
    const failed = await pastOrder(me, "failed");
    const first = await retryOrder(me, failed);
    expect(first).toMatchObject({ orderType: "extract-voice", orderStatus: "pending", payStatus: "waiting" });
    expect(first.orderNo).not.toBe(failed);
    const made = await db.order.findUniqueOrThrow({ where: { orderNo: first.orderNo } });
    expect(made).toMatchObject({ pathKey: "http://127.0.0.1:9/missing.mp3", teamId: me.teamId, holdAmount: base });
    expect(await wallet(me.userId)).toEqual({ balance: 100 - base, held: base });

    expect((await retryOrder(me, failed)).orderNo).toBe(first.orderNo);
    expect(await wallet(me.userId)).toEqual({ balance: 100 - base, held: base });
  });

  it("a timed-out order can be retried too; a finished or running one cannot", async () => {
    const me = await person(100);
    expect((await retryOrder(me, await pastOrder(me, "timeout"))).orderStatus).toBe("pending");
    for (const status of ["finish", "processing"])
      await expect(retryOrder(me, await pastOrder(me, status))).rejects.toMatchObject({
        status: 409,
        message: "Only a failed or timed-out order can be retried",
      });
  });

  it("without credits for the hold, Retry is refused and nothing is made", async () => {
    const me = await person(0);
    const failed = await pastOrder(me, "failed");
    const before = await db.order.count({ where: { teamId: me.teamId } });
    await expect(retryOrder(me, failed)).rejects.toMatchObject({ status: 402 });
    expect(await db.order.count({ where: { teamId: me.teamId } })).toBe(before);
  });

  it("another team's order is not found", async () => {
    const owner = await person(10);
    const stranger = await person(100);
    await expect(retryOrder(stranger, await pastOrder(owner, "failed"))).rejects.toMatchObject({ status: 404 });
  });
});
