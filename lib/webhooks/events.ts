// What happens when an order ends, inside the transaction that ends it: a Music API task gets its
// failure status and `error` callback; other orders fire the team webhook (order.finished /
// order.failed) when the team subscribed. Enqueued in the same transaction, so an event is never
// lost or sent for a change that rolled back.
import { captureFinishedOrder } from "@/lib/orders/capture";
import type { MusicFailure } from "@/lib/contracts/failure";
import type { Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { afterMusicOrderEnded, onMusicOrderEnded } from "@/lib/music/events";
import { STUDIO_EXPORT, discardExportInput } from "@/lib/studio/export-snapshot";
import { signedFileUrl } from "@/lib/storage/files";
import { enqueueDelivery } from "@/lib/webhooks/deliveries";
import { parseEvents } from "@/lib/webhooks/team";

type EndedOrder = { id: string; orderNo: string; userId: string; teamId: string; type: string };

/** Seconds a link in a frozen event body stays valid: until the results are swept. */
export const retentionTtl = () => Math.floor(env().RESULT_RETENTION_DAYS * 86_400);

async function subscribedUrl(tx: Tx, teamId: string, event: "order.finished" | "order.failed") {
  const hook = await tx.teamWebhook.findUnique({ where: { teamId } });
  return hook?.url && parseEvents(hook.events).includes(event) ? hook.url : null;
}

async function orderPayload(tx: Tx, orderId: string) {
  const o = await tx.order.findUniqueOrThrow({
    where: { id: orderId },
    include: { files: { where: { deletedAt: null }, orderBy: { name: "desc" } } },
  });
  const { balance } = await tx.user.findUniqueOrThrow({ where: { id: o.userId }, select: { balance: true } });
  return {
    orderNo: o.orderNo,
    orderType: o.type,
    status: o.status,
    cost: o.cost,
    reason: o.reason,
    stuffs:
      o.status === "finish"
        ? o.files.map((f) => ({ name: f.name, business: f.business, url: signedFileUrl(f.path, retentionTtl()) }))
        : [],
    balance,
    progress: o.progress,
    payStatus: o.payStatus,
  };
}

/** The order ended failed or timed out (its hold already released in `tx`). */
export async function onOrderEnded(
  tx: Tx,
  order: EndedOrder,
  status: "failed" | "timeout",
  reason: string,
  music?: MusicFailure,
) {
  if (order.type === "upload-extend") return onMusicOrderEnded(tx, order, status, reason, music);
  // Studio exports are the browser's own jobs, not Open API orders: no team webhook.
  if (order.type === STUDIO_EXPORT) return;
  const url = await subscribedUrl(tx, order.teamId, "order.failed");
  if (!url) return;
  const data = await orderPayload(tx, order.id);
  await enqueueDelivery(
    {
      teamId: order.teamId,
      orderId: order.id,
      kind: "webhook",
      event: "order.failed",
      url,
      body: { event: "order.failed", createdAt: new Date().toISOString(), data },
    },
    tx,
  );
}

/** The order ended failed or timed out and that transaction committed: clean-up outside it. */
export async function afterOrderEnded(order: { id: string; orderNo: string; type: string }) {
  if (order.type === "upload-extend") await afterMusicOrderEnded(order.id);
  if (order.type === STUDIO_EXPORT) await discardExportInput(order.orderNo);
}

/**
 * An Open API order finished. With an order.finished subscription the webhook stands in for the
 * first query, so the order is charged here (the same idempotency key as the query's capture) and
 * the event carries the cost and the new balance, as the query would.
 */
export async function onOrderFinished(tx: Tx, order: EndedOrder & { holdAmount: number }) {
  if (order.type === STUDIO_EXPORT) return;
  const url = await subscribedUrl(tx, order.teamId, "order.finished");
  if (!url) return;
  await captureFinishedOrder(tx, order);
  const data = await orderPayload(tx, order.id);
  await enqueueDelivery(
    {
      teamId: order.teamId,
      orderId: order.id,
      kind: "webhook",
      event: "order.finished",
      url,
      body: { event: "order.finished", createdAt: new Date().toISOString(), data },
    },
    tx,
  );
}
