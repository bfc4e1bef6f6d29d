// Where rate-limit counters live. Without REDIS_URL: this process's memory (one server, reset on
// restart), as before. With REDIS_URL: Redis, so every web process spends from the same budget and
// a lockout seen by one is seen by all; keys are `${REDIS_PREFIX}:rl:<limiter>:<key>`.
//
// When Redis cannot be reached the limiters fall back to an in-memory twin with the same points and
// window (rate-limiter-flexible's insuranceLimiter) instead of failing open or refusing everyone:
// sign-in stays throttled and API calls keep working, at worst with N processes each allowing the
// full budget until Redis is back. A log line says when that starts and ends.
import "server-only";
import { Redis } from "ioredis";
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis } from "rate-limiter-flexible";
import { env } from "@/lib/env";

export type LimiterOptions = { keyPrefix: string; points: number; duration: number };

type Store = { url: string; prefix: string; client: Redis; ready: Promise<void> };
const globalForStore = globalThis as unknown as { mixdeskRateLimitStore?: Store };

const READY_WAIT_MS = 2_000;
const LOG_EVERY_MS = 60_000;

function connect(url: string, prefix: string): Store {
  // No offline queue: while Redis is away a command fails at once (and the in-memory twin answers)
  // instead of holding a sign-in until a reconnect.
  const client = new Redis(url, { enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 5_000 });
  let down = false;
  let lastLog = 0;
  client.on("error", (error: Error) => {
    if (!down || Date.now() - lastLog > LOG_EVERY_MS) {
      console.error(
        `[rate-limit] Redis unreachable (${error.message}); limits are counted in this process's memory until it is back`,
      );
      lastLog = Date.now();
    }
    down = true;
  });
  client.on("ready", () => {
    if (down) console.error("[rate-limit] Redis is back; limits are shared again");
    down = false;
  });
  const ready = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, READY_WAIT_MS);
    timer.unref();
    client.once("ready", () => {
      clearTimeout(timer);
      resolve();
    });
  });
  return { url, prefix, client, ready };
}

/** The shared Redis connection for rate limits, or undefined in the single-process mode. */
async function store(): Promise<Store | undefined> {
  const { REDIS_URL, REDIS_PREFIX } = env();
  if (!REDIS_URL) return undefined;
  let s = globalForStore.mixdeskRateLimitStore;
  if (!s || s.url !== REDIS_URL || s.prefix !== REDIS_PREFIX) {
    s?.client.disconnect();
    s = connect(REDIS_URL, REDIS_PREFIX);
    globalForStore.mixdeskRateLimitStore = s;
  }
  // The first limiter of the process waits (briefly) for the connection, so that its first
  // requests are counted in Redis rather than in the fallback.
  await s.ready;
  return s;
}

/** A limiter with rate-limiter-flexible's semantics, counted in Redis when REDIS_URL is set. */
export async function createLimiter(opts: LimiterOptions): Promise<RateLimiterAbstract> {
  const memory = new RateLimiterMemory(opts);
  const s = await store();
  if (!s) return memory;
  return new RateLimiterRedis({
    ...opts,
    keyPrefix: `${s.prefix}:rl:${opts.keyPrefix}`,
    storeClient: s.client,
    rejectIfRedisNotReady: true,
    insuranceLimiter: memory,
  });
}

/** Closes the Redis connection (tests; a process that is shutting down). */
export async function closeRateLimitStore() {
  const s = globalForStore.mixdeskRateLimitStore;
  delete globalForStore.mixdeskRateLimitStore;
  if (s) await s.client.quit().catch(() => s.client.disconnect());
}
