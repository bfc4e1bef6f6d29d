// Sign-in throttling that slows an attacker down without letting them lock the owner out.
//
// A browser that signed in to the account before (a "known device", see known-device.ts) is
// counted on its own: only its own failures can make it wait. Everyone else is counted three ways:
// per account AND address (the usual guessing from one place), per address (one place trying many
// accounts) and per account from all unknown devices together (a distributed guess). While any of
// these is over its limit, sign-in is refused without checking the password. The point is spent
// before the password is checked (and given back for the right one), so concurrent attempts cannot
// outrun the count. IPv6 clients are counted per /64. Each lockout of the
// same key within a day doubles the wait (SIGNIN_WINDOW_MINUTES, 2×, 4× … up to a day).
// Counters live in this process's memory, or in Redis when REDIS_URL is set so that every web
// process counts together (lib/rate-limiter.ts, which also says what happens when Redis is down).
import "server-only";
import { isIP } from "node:net";
import { type RateLimiterAbstract, RateLimiterRes } from "rate-limiter-flexible";
import { env } from "@/lib/env";
import { createLimiter } from "@/lib/rate-limiter";

export type SignInAttempt = {
  /** Normalised email the attempt is for. */
  email: string;
  /** Client address (see lib/http/client-address.ts). */
  address: string;
  /** Id from a valid known-device cookie for this account. */
  deviceId?: string;
};

type Kind = "device" | "pair" | "address" | "account";
type Limiters = Record<Kind, RateLimiterAbstract> & { lockouts: RateLimiterAbstract };
const globalForLimits = globalThis as unknown as { mixdeskSignInLimiters?: Promise<Limiters> };

const MAX_BLOCK_SECONDS = 86_400;

async function makeLimiters(): Promise<Limiters> {
  const e = env();
  const duration = e.SIGNIN_WINDOW_MINUTES * 60;
  const make = (keyPrefix: string, points: number) => createLimiter({ keyPrefix, points, duration });
  const [device, pair, address, account, lockouts] = await Promise.all([
    make("signin-device", e.SIGNIN_MAX_ATTEMPTS_PER_ACCOUNT),
    make("signin-pair", e.SIGNIN_MAX_ATTEMPTS_PER_ACCOUNT),
    make("signin-address", e.SIGNIN_MAX_ATTEMPTS_PER_IP),
    make("signin-account", e.SIGNIN_MAX_ATTEMPTS_PER_ACCOUNT_TOTAL),
    createLimiter({ keyPrefix: "signin-lockouts", points: 1_000_000, duration: MAX_BLOCK_SECONDS }),
  ]);
  return { device, pair, address, account, lockouts };
}

function limiters(): Promise<Limiters> {
  globalForLimits.mixdeskSignInLimiters ??= makeLimiters();
  return globalForLimits.mixdeskSignInLimiters;
}

function buckets(a: SignInAttempt): [Kind, string][] {
  const address = addressBucket(a.address);
  if (a.deviceId) return [["device", `${a.email}|${a.deviceId}`]];
  return [
    ["pair", `${a.email}|${address}`],
    ["address", address],
    ["account", a.email],
  ];
}

/**
 * The bucket of a client address. Anyone holding an IPv6 address usually holds its whole /64 (one
 * customer's LAN), so counting single IPv6 addresses would give a fresh bucket per attempt; IPv4
 * (and IPv4-mapped, already turned into IPv4 by client-address.ts) stays per address.
 */
export function addressBucket(address: string): string {
  if (!address.includes(":") || !isIP(address)) return address;
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(address);
  if (mapped) return mapped[1];
  const [head, tail = ""] = address.toLowerCase().split("::");
  const left = head ? head.split(":") : [];
  const right = tail ? tail.split(":") : [];
  // An embedded dotted IPv4 tail takes two groups; it never reaches into the first four.
  const rightGroups = right.reduce((n, g) => n + (g.includes(".") ? 2 : 1), 0);
  const groups = address.includes("::") ? [...left, ...Array(8 - left.length - rightGroups).fill("0"), ...right] : left;
  const prefix = groups.slice(0, 4).map((g) => Number.parseInt(g, 16).toString(16));
  return `${prefix.join(":")}::/64`;
}

/** Points spent on an attempt before its password is checked (see spendSignInAttempt). */
export type SignInTicket = { attempt: SignInAttempt; spent: { kind: Kind; key: string; consumed: number }[] };

/**
 * Spends one point in every bucket the attempt falls in, before the (slow) password check, so that
 * attempts racing each other cannot all pass a read-only check: each consume is atomic, and only
 * the first `points` of them in a window get through. Returns the ticket to settle with
 * recordFailedSignIn/recordSuccessfulSignIn, or the minutes to wait when any bucket is over (the
 * refused attempt's points are given back: it checked nothing).
 */
export async function spendSignInAttempt(
  attempt: SignInAttempt,
): Promise<{ ticket: SignInTicket } | { waitMinutes: number }> {
  const l = await limiters();
  const results = await Promise.all(
    buckets(attempt).map(async ([kind, key]) => {
      try {
        const res = await l[kind].consume(key, 1);
        return { kind, key, consumed: res.consumedPoints, waitMs: 0 };
      } catch (error) {
        if (!(error instanceof RateLimiterRes)) throw error;
        return { kind, key, consumed: error.consumedPoints, waitMs: Math.max(1, error.msBeforeNext) };
      }
    }),
  );
  const ms = Math.max(0, ...results.map((r) => r.waitMs));
  if (ms === 0)
    return { ticket: { attempt, spent: results.map(({ kind, key, consumed }) => ({ kind, key, consumed })) } };
  // Only the buckets that let it in get their point back. A bucket that refused it stays over its
  // limit anyway, and giving back there could undo a pause that another attempt's failure set
  // meanwhile (block() resets the count to limit + 1; refused racers would count it down again).
  await Promise.all(results.filter((r) => r.waitMs === 0).map(({ kind, key }) => l[kind].reward(key, 1)));
  return { waitMinutes: Math.max(1, Math.ceil(ms / 60_000)) };
}

/** Minutes until this attempt may be checked, or 0 when it may be checked now (spends nothing). */
export async function signInBlockedFor(attempt: SignInAttempt): Promise<number> {
  const l = await limiters();
  const waits = await Promise.all(
    buckets(attempt).map(async ([kind, key]) => {
      const res = await l[kind].get(key);
      return res && res.consumedPoints >= l[kind].points ? res.msBeforeNext : 0;
    }),
  );
  const ms = Math.max(0, ...waits);
  return ms > 0 ? Math.max(1, Math.ceil(ms / 60_000)) : 0;
}

/** A wrong password: the points stay spent, and a bucket this attempt filled is paused with backoff. */
export async function recordFailedSignIn(ticket: SignInTicket) {
  const l = await limiters();
  const base = env().SIGNIN_WINDOW_MINUTES * 60;
  await Promise.all(
    ticket.spent.map(async ({ kind, key, consumed }) => {
      if (consumed < l[kind].points) return;
      const lockouts = await l.lockouts.penalty(`${kind}|${key}`, 1);
      const seconds = Math.min(MAX_BLOCK_SECONDS, base * 2 ** Math.min(16, lockouts.consumedPoints - 1));
      await l[kind].block(key, seconds);
    }),
  );
}

/**
 * The right password: the points are given back, and this place's own counters start over (shared
 * ones do not — other attempts in them still count).
 */
export async function recordSuccessfulSignIn(ticket: SignInTicket) {
  const l = await limiters();
  const [own, ...shared] = ticket.spent;
  await Promise.all([
    l[own.kind].delete(own.key),
    l.lockouts.delete(`${own.kind}|${own.key}`),
    ...shared.map(({ kind, key }) => l[kind].reward(key, 1)),
  ]);
}

/** The right password on an account that cannot sign in (disabled): only the points go back. */
export async function refundSignIn(ticket: SignInTicket) {
  const l = await limiters();
  await Promise.all(ticket.spent.map(({ kind, key }) => l[kind].reward(key, 1)));
}
