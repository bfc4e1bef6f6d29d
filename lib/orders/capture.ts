// Charging a finished order, once: the compare-and-set on payStatus decides which caller captures
// (the first Open API query, the order page, or an order.finished webhook), and the ledger's
// idempotency key backs it up.
import "server-only";
import { capture } from "@/lib/billing/ledger";
import type { Tx } from "@/lib/db";

export async function captureFinishedOrder(
  tx: Tx,
  order: { id: string; orderNo: string; userId: string; holdAmount: number },
) {
  const won = await tx.order.updateMany({
    where: { id: order.id, status: "finish", payStatus: "waiting" },
    data: { payStatus: "paid", cost: order.holdAmount },
  });
  if (won.count === 1 && order.holdAmount > 0) {
    await capture(
      {
        userId: order.userId,
        amount: order.holdAmount,
        idempotencyKey: `order:${order.orderNo}:capture`,
        ref: `order:${order.orderNo}`,
        reason: "Order finished",
      },
      tx,
    );
  }
}
