// Sign-in throttling rules (defaults: 5 per account and address, 30 per address, 100 per account,
// 15-minute window), with the clock under test control.
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { recordFailedSignIn, recordSuccessfulSignIn, signInBlockedFor, type SignInAttempt } from "@/lib/auth/rate-limit";

let n = 0;
const fresh = () => `user${++n}@example.com`;
const fail = async (a: SignInAttempt, times: number) => {
  for (let i = 0; i < times; i++) await recordFailedSignIn(a);
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
    await recordSuccessfulSignIn(a);
    await fail(a, 4);
    expect(await signInBlockedFor(a)).toBe(0);
  });

  it("one address trying many accounts is paused for browsers it does not know", async () => {
    const address = "192.0.2.4";
    for (let i = 0; i < 30; i++) await recordFailedSignIn({ email: fresh(), address });
    expect(await signInBlockedFor({ email: fresh(), address })).toBe(15);
    expect(await signInBlockedFor({ email: fresh(), address, deviceId: "known" })).toBe(0);
  });

  it("a guess spread over many addresses pauses unknown browsers for that account, never the known one", async () => {
    const email = fresh();
    for (let i = 0; i < 100; i++) await recordFailedSignIn({ email, address: `198.51.100.${i}` });
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
});
