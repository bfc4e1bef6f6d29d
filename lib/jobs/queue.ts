// The job queue on Redis (BullMQ), used when REDIS_URL is set. A job only says "look at order X"
// (job id = order id, so an order has at most one live job); the order row stays the source of
// truth and the worker claims it by compare-and-set before working. Producers (web processes and
// workers) add jobs here; lib/jobs/queue-worker.ts runs them.
import "server-only";
import { type JobsOptions, Queue } from "bullmq";
import { Redis, type RedisOptions } from "ioredis";
import { env } from "@/lib/env";

export const ORDERS_QUEUE = "orders";
/** Webhook/callback deliveries, maintenance sweeps and the reconcile pass. */
export const SYSTEM_QUEUE = "system";

export type OrderJob = { orderId: string };
export type SystemJobName = "deliveries" | "maintenance" | "reconcile";

export const queueMode = () => Boolean(env().REDIS_URL);

/** A Redis connection. Workers wait for Redis to come back (`maxRetriesPerRequest: null`, as BullMQ
 * requires); producers give up on a command after a couple of reconnects so a request never hangs. */
export function redisConnection(role: "producer" | "worker"): Redis {
  const url = env().REDIS_URL;
  if (!url) throw new Error("REDIS_URL is not set");
  const opts: RedisOptions =
    role === "worker" ? { maxRetriesPerRequest: null } : { maxRetriesPerRequest: 2, connectTimeout: 5000 };
  const redis = new Redis(url, opts);
  // Without a listener ioredis prints every reconnect failure as an unhandled error event.
  redis.on("error", (error) => {
    if (!(redis as Redis & { mxWarned?: boolean }).mxWarned) console.error("[jobs] redis:", error.message);
    (redis as Redis & { mxWarned?: boolean }).mxWarned = true;
  });
  redis.on("ready", () => {
    (redis as Redis & { mxWarned?: boolean }).mxWarned = false;
  });
  return redis;
}

type Queues = { key: string; redis: Redis; orders: Queue<OrderJob>; system: Queue };
const globalForQueue = globalThis as unknown as { mixdeskQueues?: Queues };

/** The producer-side queues of this process (one connection, kept across dev reloads). */
export function queues(): Queues {
  const e = env();
  const key = `${e.REDIS_URL}|${e.REDIS_PREFIX}`;
  const current = globalForQueue.mixdeskQueues;
  if (current?.key === key) return current;
  if (current) void closeQueues();
  const redis = redisConnection("producer");
  const made: Queues = {
    key,
    redis,
    orders: new Queue<OrderJob>(ORDERS_QUEUE, { connection: redis, prefix: e.REDIS_PREFIX }),
    system: new Queue(SYSTEM_QUEUE, { connection: redis, prefix: e.REDIS_PREFIX }),
  };
  made.orders.on("error", () => undefined);
  made.system.on("error", () => undefined);
  globalForQueue.mixdeskQueues = made;
  return made;
}

export async function closeQueues() {
  const q = globalForQueue.mixdeskQueues;
  globalForQueue.mixdeskQueues = undefined;
  if (!q) return;
  await Promise.allSettled([q.orders.close(), q.system.close()]);
  q.redis.disconnect();
}

/** Order jobs leave Redis once done, so the same order can be queued again later; a job whose
 * processor threw (the database was unreachable) is retried, and the reconcile pass covers the rest. */
export const ORDER_JOB_OPTIONS: JobsOptions = {
  removeOnComplete: true,
  removeOnFail: true,
  attempts: 5,
  backoff: { type: "exponential", delay: 2000 },
};

/** Queues "look at order X". Adding it again while a job for it is waiting, delayed or running
 * changes nothing (same job id). */
export async function addOrderJob(orderId: string, delayMs = 0) {
  await queues().orders.add(
    "order",
    { orderId },
    { ...ORDER_JOB_OPTIONS, jobId: orderId, delay: Math.max(0, delayMs) },
  );
}

/** Asks a worker to send due webhook/callback deliveries: at most one such job waits while one
 * runs, however many events arrive meanwhile. */
export async function addDeliveriesJob() {
  await queues().system.add(
    "deliveries",
    {},
    { removeOnComplete: true, removeOnFail: true, deduplication: { id: "deliveries", keepLastIfActive: true } },
  );
}

/** Bounds a producer's wait on Redis: the order is already in the database, and the reconcile pass
 * queues anything that did not reach Redis. */
export async function bestEffort(what: string, work: Promise<unknown>, ms = 3000) {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer from Redis within ${ms} ms`)), ms);
  });
  try {
    await Promise.race([work, timeout]);
  } catch (error) {
    console.error(`[jobs] could not queue ${what} (the reconcile pass will):`, (error as Error).message);
  } finally {
    clearTimeout(timer);
  }
}
