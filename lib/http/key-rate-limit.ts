// Per-API-key request rates for the routes that declare one (createRoute's `rateLimit`). Counted in
// this process's memory, or in Redis when REDIS_URL is set so that all web processes share each
// key's budget (lib/rate-limiter.ts).
import { type RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import { AppError } from "@/lib/errors";
import { createLimiter } from "@/lib/rate-limiter";

export type RateLimit = {
  /** A name shared by the routes that count together (e.g. "music"). */
  bucket: string;
  /** Requests allowed per window; a function lets an admin setting change it at run time. */
  points: number | (() => number | Promise<number>);
  windowSeconds: number;
};

const limiters = new Map<string, Promise<RateLimiterAbstract>>();

function limiterFor(bucket: string, points: number, windowSeconds: number) {
  const id = `${bucket}:${points}:${windowSeconds}`;
  let limiter = limiters.get(id);
  if (!limiter) {
    limiter = createLimiter({ keyPrefix: id, points, duration: windowSeconds });
    limiters.set(id, limiter);
  }
  return limiter;
}

export class KeyRateLimitedError extends AppError {
  constructor(readonly retryAfterSeconds: number) {
    super("rate_limited", "Too many requests for this API key; please slow down");
  }
}

export async function checkKeyRate(apiKeyId: string, limit: RateLimit): Promise<void> {
  const points = typeof limit.points === "function" ? await limit.points() : limit.points;
  try {
    await (await limiterFor(limit.bucket, points, limit.windowSeconds)).consume(apiKeyId);
  } catch (rejection) {
    if (rejection instanceof RateLimiterRes) throw new KeyRateLimitedError(Math.ceil(rejection.msBeforeNext / 1000));
    throw rejection;
  }
}
