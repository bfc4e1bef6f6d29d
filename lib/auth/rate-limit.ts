// Sign-in throttling that slows an attacker down without letting them lock the owner out.
//
// A browser that signed in to the account before (a "known device", see known-device.ts) is
// counted on its own: only its own failures can make it wait. Everyone else is counted three ways:
// per account AND address (the usual guessing from one place), per address (one place trying many
// accounts) and per account from all unknown devices together (a distributed guess). While any of
// these is over its limit, sign-in is refused without checking the password. Each lockout of the
// same key within a day doubles the wait (SIGNIN_WINDOW_MINUTES, 2×, 4× … up to a day).
// Counters live in memory: one server process, reset on restart.
import "server-only";
import { RateLimiterMemory } from "rate-limiter-flexible";
import { env } from "@/lib/env";

export type SignInAttempt = {
  /** Normalised email the attempt is for. */
  email: string;
  /** Client address (see lib/http/client-address.ts). */
  address: string;
  /** Id from a valid known-device cookie for this account. */
  deviceId?: string;
};

type Kind = "device" | "pair" | "address" | "account";
type Limiters = Record<Kind, RateLimiterMemory> & { lockouts: RateLimiterMemory };
const globalForLimits = globalThis as unknown as { mixdeskSignInLimiters?: Limiters };

const MAX_BLOCK_SECONDS = 86_400;

function limiters(): Limiters {
  if (!globalForLimits.mixdeskSignInLimiters) {
    const e = env();
    const duration = e.SIGNIN_WINDOW_MINUTES * 60;
    const make = (keyPrefix: string, points: number) => new RateLimiterMemory({ keyPrefix, points, duration });
    globalForLimits.mixdeskSignInLimiters = {
      device: make("signin-device", e.SIGNIN_MAX_ATTEMPTS_PER_ACCOUNT),
      pair: make("signin-pair", e.SIGNIN_MAX_ATTEMPTS_PER_ACCOUNT),
      address: make("signin-address", e.SIGNIN_MAX_ATTEMPTS_PER_IP),
      account: make("signin-account", e.SIGNIN_MAX_ATTEMPTS_PER_ACCOUNT_TOTAL),
      lockouts: new RateLimiterMemory({ keyPrefix: "signin-lockouts", points: 1_000_000, duration: MAX_BLOCK_SECONDS }),
    };
  }
  return globalForLimits.mixdeskSignInLimiters;
}

function buckets(a: SignInAttempt): [Kind, string][] {
  if (a.deviceId) return [["device", `${a.email}|${a.deviceId}`]];
  return [
    ["pair", `${a.email}|${a.address}`],
    ["address", a.address],
    ["account", a.email],
  ];
}

/** Minutes until this attempt may be checked, or 0 when it may be checked now. */
export async function signInBlockedFor(attempt: SignInAttempt): Promise<number> {
  const l = limiters();
  const waits = await Promise.all(
    buckets(attempt).map(async ([kind, key]) => {
      const res = await l[kind].get(key);
      return res && res.consumedPoints >= l[kind].points ? res.msBeforeNext : 0;
    }),
  );
  const ms = Math.max(0, ...waits);
  return ms > 0 ? Math.max(1, Math.ceil(ms / 60_000)) : 0;
}

export async function recordFailedSignIn(attempt: SignInAttempt) {
  const l = limiters();
  const base = env().SIGNIN_WINDOW_MINUTES * 60;
  await Promise.all(
    buckets(attempt).map(async ([kind, key]) => {
      const res = await l[kind].penalty(key, 1);
      if (res.consumedPoints < l[kind].points) return;
      const lockouts = await l.lockouts.penalty(`${kind}|${key}`, 1);
      const seconds = Math.min(MAX_BLOCK_SECONDS, base * 2 ** Math.min(16, lockouts.consumedPoints - 1));
      await l[kind].block(key, seconds);
    }),
  );
}

/** The right password from this place: its own counters start over (shared ones do not). */
export async function recordSuccessfulSignIn(attempt: SignInAttempt) {
  const l = limiters();
  const [kind, key] = buckets(attempt)[0];
  await Promise.all([l[kind].delete(key), l.lockouts.delete(`${kind}|${key}`)]);
}
