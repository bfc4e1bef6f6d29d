// Retry of a failed or timed-out order: the same input as a new order, made through the normal
// create path, so the price is checked and held as for any order. Retrying one order twice (a
// double click, a second tab) answers the order the first retry made.
import "server-only";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { ORDER_TYPES, type OrderType } from "@/lib/contracts/orders";
import { type Actor, ORDER_NOT_FOUND, createOrder } from "@/lib/orders/service";

const RETRYABLE = new Set(["failed", "timeout"]);

export async function retryOrder(actor: Actor, orderNo: string) {
  const order = await db.order.findFirst({
    where: { orderNo, teamId: actor.teamId },
    select: { type: true, status: true, pathKey: true },
  });
  // Music API tasks are orders inside but are retried through their own API.
  if (!order || !(ORDER_TYPES as readonly string[]).includes(order.type))
    throw new AppError("not_found", ORDER_NOT_FOUND);
  if (!RETRYABLE.has(order.status))
    throw new AppError("conflict", "Only a failed or timed-out order can be retried", undefined, {
      code: "not_retryable",
    });
  return createOrder(
    actor,
    { orderType: order.type as OrderType, stuff: { pathKey: order.pathKey } },
    `retry:${orderNo}`,
  );
}
