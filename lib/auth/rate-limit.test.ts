// Sign-in throttling rules (defaults: 5 per account and address, 30 per address, 100 per account,
// 15-minute window), with the clock under test control.
import { RateLimiterMemory } from "rate-limiter-flexible";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import {
  addressBucket,
  recordFailedSignIn,
  recordSuccessfulSignIn,
  signInBlockedFor,
  spendSignInAttempt,
  type SignInAttempt,
  type SignInTicket,
} from "@/lib/auth/rate-limit";

let n = 0;
const fresh = () => `user${++n}@example.com`;
/** Spends an attempt as sign-in does before checking the password; throws when it is refused. */
const spend = async (a: SignInAttempt): Promise<SignInTicket> => {
  const res = await spendSignInAttempt(a);
  if (!("ticket" in res)) throw new Error(`refused for ${res.waitMinutes} min`);
  return res.ticket;
};
const fail = async (a: SignInAttempt, times: number) => {
  for (let i = 0; i < times; i++) await recordFailedSignIn(await spend(a));
};

beforeEach(() => {
  vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"] });
});
afterEach(() => {
  vi.useRealTimers();
});

describe("sign-in throttling", () => {
  it("pauses an account from one address after 5 failures, and each repeat doubles the pause", async () => {
    const a = { email: fresh(), address: "192.0.2.1" };
    await fail(a, 4);
    expect(await signInBlockedFor(a)).toBe(0);
    await fail(a, 1);
    expect(await signInBlockedFor(a)).toBe(15);
    // Another address, and the owner's known browser, are not paused.
    expect(await signInBlockedFor({ ...a, address: "192.0.2.2" })).toBe(0);
    expect(await signInBlockedFor({ ...a, deviceId: "laptop" })).toBe(0);

    vi.advanceTimersByTime(15 * 60_000 + 1_000);
    expect(await signInBlockedFor(a)).toBe(0);
    await fail(a, 5);
    expect(await signInBlockedFor(a)).toBe(30);
    vi.advanceTimersByTime(30 * 60_000 + 1_000);
    await fail(a, 5);
    expect(await signInBlockedFor(a)).toBe(60);
  });

  it("a success from the same place starts its count over", async () => {
    const a = { email: fresh(), address: "192.0.2.3" };
    await fail(a, 4);
    await recordSuccessfulSignIn(await spend(a));
    await fail(a, 4);
    expect(await signInBlockedFor(a)).toBe(0);
  });

  it("one address trying many accounts is paused for browsers it does not know", async () => {
    const address = "192.0.2.4";
    for (let i = 0; i < 30; i++) await fail({ email: fresh(), address }, 1);
    expect(await signInBlockedFor({ email: fresh(), address })).toBe(15);
    expect(await signInBlockedFor({ email: fresh(), address, deviceId: "known" })).toBe(0);
  });

  it("a guess spread over many addresses pauses unknown browsers for that account, never the known one", async () => {
    const email = fresh();
    for (let i = 0; i < 100; i++) await fail({ email, address: `198.51.100.${i}` }, 1);
    expect(await signInBlockedFor({ email, address: "203.0.113.1" })).toBe(15);
    expect(await signInBlockedFor({ email, address: "203.0.113.1", deviceId: "known" })).toBe(0);
  });

  it("a known browser that keeps failing is paused on its own", async () => {
    const a = { email: fresh(), address: "192.0.2.5", deviceId: "stolen?" };
    await fail(a, 5);
    expect(await signInBlockedFor(a)).toBe(15);
    expect(await signInBlockedFor({ ...a, deviceId: "other" })).toBe(0);
    expect(await signInBlockedFor({ email: a.email, address: a.address })).toBe(0);
  });

  it("attempts racing each other are paid for before the password check: only the limit get through", async () => {
    const a = { email: fresh(), address: "192.0.2.6" };
    // 20 guesses arrive together; none has been judged yet when the others are let in or not.
    const results = await Promise.all(Array.from({ length: 20 }, () => spendSignInAttempt(a)));
    const tickets = results.flatMap((r) => ("ticket" in r ? [r.ticket] : []));
    expect(tickets).toHaveLength(5);
    expect(results.filter((r) => "waitMinutes" in r).every((r) => "waitMinutes" in r && r.waitMinutes === 15)).toBe(
      true,
    );
    await Promise.all(tickets.map((t) => recordFailedSignIn(t)));
    expect(await signInBlockedFor(a)).toBe(15);
    // The refused attempts cost the shared buckets nothing: only the 5 judged guesses count there.
    for (let i = 0; i < 30 - 5 - 1; i++) await fail({ email: fresh(), address: a.address }, 1);
    expect(await signInBlockedFor({ email: fresh(), address: a.address })).toBe(0);
  });

  it("a refused attempt's give-back cannot undo a pause that started while it was in flight", async () => {
    const a = { email: fresh(), address: "192.0.2.11" };
    const tickets = [];
    for (let i = 0; i < 5; i++) tickets.push(await spend(a));
    // 15 more guesses are refused, but their give-backs are slow (Redis on a busy network) …
    let release = () => {};
    const held = new Promise<void>((resolve) => {
      release = resolve;
    });
    const reward = RateLimiterMemory.prototype.reward;
    const slow = vi.spyOn(RateLimiterMemory.prototype, "reward").mockImplementation(async function (
      this: RateLimiterMemory,
      ...args: Parameters<RateLimiterMemory["reward"]>
    ) {
      await held;
      return reward.apply(this, args);
    });
    try {
      const refused = Array.from({ length: 15 }, () => spendSignInAttempt(a));
      // … and land only after the five judged guesses have paused the account from this address.
      await Promise.all(tickets.map((t) => recordFailedSignIn(t)));
      release();
      expect(await Promise.all(refused)).toEqual(Array(15).fill({ waitMinutes: 15 }));
    } finally {
      slow.mockRestore();
    }
    expect(await signInBlockedFor(a)).toBe(15);
    expect(await spendSignInAttempt(a)).toEqual({ waitMinutes: 15 });
  });

  it("a right password gives its point back to the shared buckets", async () => {
    const address = "192.0.2.7";
    for (let i = 0; i < 40; i++) await recordSuccessfulSignIn(await spend({ email: fresh(), address }));
    expect(await signInBlockedFor({ email: fresh(), address })).toBe(0);
  });

  it("counts an IPv6 client by its /64, and IPv4 by the single address", async () => {
    expect(addressBucket("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:DB8:0001:0002:ffff:1:2:3")).toBe("2001:db8:1:2::/64");
    expect(addressBucket("2001:db8::1")).toBe("2001:db8:0:0::/64");
    expect(addressBucket("::1")).toBe("0:0:0:0::/64");
    expect(addressBucket("::ffff:192.0.2.8")).toBe("192.0.2.8");
    expect(addressBucket("192.0.2.8")).toBe("192.0.2.8");
    expect(addressBucket("unknown")).toBe("unknown");

    // Rotating through one /64 does not give a fresh bucket per attempt …
    const email = fresh();
    for (let i = 0; i < 5; i++) await fail({ email, address: `2001:db8:5:6::${(i + 1).toString(16)}` }, 1);
    expect(await signInBlockedFor({ email, address: "2001:db8:5:6:dead:beef:0:1" })).toBe(15);
    // … while the neighbouring /64, and neighbouring IPv4 addresses, are separate.
    expect(await signInBlockedFor({ email, address: "2001:db8:5:7::1" })).toBe(0);
    const v4 = fresh();
    await fail({ email: v4, address: "192.0.2.9" }, 5);
    expect(await signInBlockedFor({ email: v4, address: "192.0.2.10" })).toBe(0);
  });
});
