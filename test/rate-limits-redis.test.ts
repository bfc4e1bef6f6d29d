// Rate limits with REDIS_URL set: two separate Node processes (each standing for a web process,
// through the same modules the routes use) spend from one budget in a real redis-server, and an
// unreachable Redis leaves the limits working in each process's memory.
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { type Proc, startProcess } from "@/test/helpers/rate-limit-peer";
import { parseEnv } from "@/lib/env";
import { type TestRedis, testRedis } from "@/test/helpers/redis";

const limits = { SIGNIN_MAX_ATTEMPTS_PER_ACCOUNT: "5", SIGNIN_MAX_ATTEMPTS_PER_IP: "30" };
let n = 0;
const fresh = (tag: string) => `${tag}${++n}-${Date.now()}@example.com`;

describe("with Redis, two processes share one budget", () => {
  let redis: TestRedis;
  let a: Proc;
  let b: Proc;
  beforeAll(async () => {
    redis = await testRedis();
    const env = { ...limits, REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix };
    a = startProcess(env);
    b = startProcess(env);
  }, 60_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  it("an API key's requests count together whichever process serves them", async () => {
    const key = `key-${Date.now()}`;
    for (let i = 0; i < 3; i++) expect(await a.send({ op: "key", key, points: 5 })).toEqual({ ok: true });
    for (let i = 0; i < 2; i++) expect(await b.send({ op: "key", key, points: 5 })).toEqual({ ok: true });
    // The sixth request is refused by both, with the wait until the window ends.
    const refused = await b.send({ op: "key", key, points: 5 });
    expect(refused.ok).toBe(false);
    expect(refused.retryAfter).toBeGreaterThan(55);
    expect(refused.retryAfter).toBeLessThanOrEqual(60);
    expect((await a.send({ op: "key", key, points: 5 })).ok).toBe(false);
    // Another key has its own budget.
    expect(await a.send({ op: "key", key: `${key}-other`, points: 5 })).toEqual({ ok: true });
  });

  it("sign-in failures spread over both processes lock the account out on both, and a success resets it", async () => {
    const attempt = { email: fresh("owner"), address: "192.0.2.7" };
    for (let i = 0; i < 5; i++) {
      const proc = i % 2 === 0 ? a : b;
      expect(await proc.send({ op: "signin", attempt, correct: false })).toEqual({ ok: true });
    }
    expect(await a.send({ op: "blocked", attempt })).toEqual({ minutes: 15 });
    expect(await b.send({ op: "blocked", attempt })).toEqual({ minutes: 15 });
    // Even the right password waits, on either process.
    expect(await b.send({ op: "signin", attempt, correct: true })).toEqual({ ok: false, waitMinutes: 15 });
    // The owner's known browser is counted on its own and still gets in.
    const known = { ...attempt, deviceId: "laptop" };
    expect(await a.send({ op: "signin", attempt: known, correct: true })).toEqual({ ok: true });
    // Another address is not paused for this account.
    const elsewhere = { ...attempt, address: "192.0.2.8" };
    expect(await b.send({ op: "blocked", attempt: elsewhere })).toEqual({ minutes: 0 });
    expect(await b.send({ op: "signin", attempt: elsewhere, correct: true })).toEqual({ ok: true });
  });

  it("a success on one process starts that place's count over for the other", async () => {
    const attempt = { email: fresh("reset"), address: "192.0.2.9" };
    for (let i = 0; i < 4; i++) await a.send({ op: "signin", attempt, correct: false });
    expect(await b.send({ op: "signin", attempt, correct: true })).toEqual({ ok: true });
    // Four more failures on A are allowed again before the pause.
    for (let i = 0; i < 4; i++) expect(await a.send({ op: "signin", attempt, correct: false })).toEqual({ ok: true });
    expect(await b.send({ op: "blocked", attempt })).toEqual({ minutes: 0 });
  });

  it("another REDIS_PREFIX (another install on the same server) has budgets of its own", async () => {
    const other = startProcess({ ...limits, REDIS_URL: redis.url, REDIS_PREFIX: `${redis.prefix}-other` });
    try {
      const key = `key-prefix-${Date.now()}`;
      for (let i = 0; i < 2; i++) await a.send({ op: "key", key, points: 2 });
      expect((await a.send({ op: "key", key, points: 2 })).ok).toBe(false);
      expect(await other.send({ op: "key", key, points: 2 })).toEqual({ ok: true });
    } finally {
      await other.stop();
    }
  });
});

describe("with Redis unreachable", () => {
  let stopped: TestRedis;
  beforeAll(async () => {
    // A server that was there and is gone: nothing listens on its port any more.
    stopped = await testRedis();
    if (stopped.external) stopped = { ...stopped, url: "redis://127.0.0.1:9" };
    await stopped.stop();
    vi.stubEnv("REDIS_URL", stopped.url);
    vi.stubEnv("REDIS_PREFIX", stopped.prefix);
  }, 60_000);
  afterAll(async () => {
    const { closeRateLimitStore } = await import("@/lib/rate-limiter");
    await closeRateLimitStore();
    vi.unstubAllEnvs();
  });

  it("limits still hold, counted in this process's memory, and the log says so", async () => {
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    const { checkKeyRate, KeyRateLimitedError } = await import("@/lib/http/key-rate-limit");
    const { spendSignInAttempt, recordFailedSignIn, signInBlockedFor } = await import("@/lib/auth/rate-limit");
    const limit = { bucket: "down", points: 3, windowSeconds: 60 };
    for (let i = 0; i < 3; i++) await checkKeyRate("k1", limit);
    await expect(checkKeyRate("k1", limit)).rejects.toBeInstanceOf(KeyRateLimitedError);

    const attempt = { email: fresh("down"), address: "192.0.2.10" };
    for (let i = 0; i < 5; i++) {
      const res = await spendSignInAttempt(attempt);
      if (!("ticket" in res)) throw new Error("refused too early");
      await recordFailedSignIn(res.ticket);
    }
    expect(await signInBlockedFor(attempt)).toBe(15);
    expect(logged.mock.calls.some(([line]) => String(line).includes("[rate-limit] Redis unreachable"))).toBe(true);
    logged.mockRestore();
  });
});

describe("configuration", () => {
  it("REDIS_URL is optional, must be a redis:// URL, and keys are prefixed mixdesk by default", () => {
    expect(parseEnv({}).REDIS_URL).toBeUndefined();
    expect(parseEnv({ REDIS_URL: "" }).REDIS_URL).toBeUndefined();
    expect(parseEnv({}).REDIS_PREFIX).toBe("mixdesk");
    expect(parseEnv({ REDIS_URL: "rediss://:pw@cache:6380/2" }).REDIS_URL).toBe("rediss://:pw@cache:6380/2");
    expect(() => parseEnv({ REDIS_URL: "cache:6379" })).toThrow(/REDIS_URL: must start with redis:\/\/ or rediss:\/\//);
    expect(() => parseEnv({ REDIS_PREFIX: "my app" })).toThrow(/REDIS_PREFIX: must be letters/);
  });
});
