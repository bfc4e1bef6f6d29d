// Where new or re-queued work is announced. Embedded mode: wake this process's database-polled
// runner. Queue mode (REDIS_URL): also add the BullMQ job that sends a worker to it.
import "server-only";
import { addDeliveriesJob, addOrderJob, bestEffort, queueMode } from "@/lib/jobs/queue";
import { wakeRunners } from "@/lib/jobs/signal";

/** Call after the transaction that made the order runnable has committed. */
export async function orderQueued(orderId: string, delayMs = 0) {
  wakeRunners();
  if (queueMode()) await bestEffort(`order ${orderId}`, addOrderJob(orderId, delayMs));
}

/** A webhook/callback delivery row was written (possibly inside a transaction not yet committed:
 * the pump also runs on a schedule, so one that looks too early is covered). */
export function deliveriesQueued() {
  wakeRunners();
  if (queueMode()) void bestEffort("webhook deliveries", addDeliveriesJob());
}
