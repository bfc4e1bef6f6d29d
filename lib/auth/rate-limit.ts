// Sign-in throttling: failed attempts are counted per account and per client address; while
// either is over its limit, sign-in is refused without checking the password.
import { RateLimiterMemory } from "rate-limiter-flexible";
import { env } from "@/lib/env";

type Limiters = { account: RateLimiterMemory; ip: RateLimiterMemory };
const globalForLimits = globalThis as unknown as { mixdeskSignInLimiters?: Limiters };

function limiters(): Limiters {
  if (!globalForLimits.mixdeskSignInLimiters) {
    const e = env();
    const duration = e.SIGNIN_WINDOW_MINUTES * 60;
    globalForLimits.mixdeskSignInLimiters = {
      account: new RateLimiterMemory({ keyPrefix: "signin-account", points: e.SIGNIN_MAX_ATTEMPTS_PER_ACCOUNT, duration }),
      ip: new RateLimiterMemory({ keyPrefix: "signin-ip", points: e.SIGNIN_MAX_ATTEMPTS_PER_IP, duration }),
    };
  }
  return globalForLimits.mixdeskSignInLimiters;
}

/** Minutes until sign-in is allowed again, or 0 when it is allowed now. */
export async function signInBlockedFor(email: string, ip: string): Promise<number> {
  const { account, ip: byIp } = limiters();
  const [a, i] = await Promise.all([account.get(email), byIp.get(ip)]);
  const blocked = [
    a && a.consumedPoints >= account.points ? a.msBeforeNext : 0,
    i && i.consumedPoints >= byIp.points ? i.msBeforeNext : 0,
  ];
  const ms = Math.max(...blocked);
  return ms > 0 ? Math.max(1, Math.ceil(ms / 60_000)) : 0;
}

export async function recordFailedSignIn(email: string, ip: string) {
  const { account, ip: byIp } = limiters();
  await Promise.all([account.penalty(email, 1), byIp.penalty(ip, 1)]);
}

export async function recordSuccessfulSignIn(email: string) {
  await limiters().account.delete(email);
}
