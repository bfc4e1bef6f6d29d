// Two production servers on one database and one Redis (REDIS_URL): sign-in failures sent to
// either count together, so an attacker cannot double the guesses by alternating between web
// processes, and the lockout one server decided is enforced by the other.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshDatabase } from "@/test/helpers/db";
import { type TestRedis, testRedis } from "@/test/helpers/redis";
import { startServer, type TestServer } from "@/test/helpers/server";
import { Client } from "@/test/http/client";

const pw = "a long password 1";
const THROTTLED = /^Too many sign-in attempts\. Try again in \d+ minutes?\.$/;

describe("two web processes sharing Redis", () => {
  let redis: TestRedis;
  let a: TestServer;
  let b: TestServer;
  beforeAll(async () => {
    redis = await testRedis();
    const databaseUrl = await freshDatabase();
    const env = { REDIS_URL: redis.url, REDIS_PREFIX: redis.prefix, SIGNIN_MAX_ATTEMPTS_PER_ACCOUNT: "4" };
    [a, b] = await Promise.all([startServer({ databaseUrl, env }), startServer({ databaseUrl, env })]);
  }, 180_000);
  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  it("counts failed sign-ins on both servers together and both refuse once the limit is reached", async () => {
    const email = `owner-${randomUUID().slice(0, 8)}@example.com`;
    await new Client(a.baseUrl).signUp({ email, name: "Owner", password: pw });
    const onA = new Client(a.baseUrl);
    const onB = new Client(b.baseUrl);
    // Four guesses, alternating servers: each server saw only two.
    for (let i = 0; i < 4; i++) {
      expect(await (i % 2 ? onB : onA).signIn(email, `guess ${i}`)).toBe("Incorrect email or password");
    }
    expect(await onA.signIn(email, pw)).toMatch(THROTTLED);
    expect(await onB.signIn(email, pw)).toMatch(THROTTLED);
    expect((await onB.fetch("/api/me")).status).toBe(401);
  });

  it("a right password on one server is let in by both while under the limit", async () => {
    const email = `fine-${randomUUID().slice(0, 8)}@example.com`;
    await new Client(b.baseUrl).signUp({ email, name: "Fine", password: pw });
    const onA = new Client(a.baseUrl);
    expect(await onA.signIn(email, "one typo")).toBe("Incorrect email or password");
    expect(await new Client(b.baseUrl).signIn(email, pw)).toBeNull();
    expect(await onA.signIn(email, pw)).toBeNull();
    expect(await (await onA.fetch("/api/me")).json()).toMatchObject({ user: { email } });
  });
});
