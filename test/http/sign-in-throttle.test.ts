// Sign-in throttling over real HTTP: X-Forwarded-For is believed only from TRUSTED_PROXIES, and an
// attacker's failures slow the attacker without locking the account owner out of a known browser.
// All test clients connect from 127.0.0.1, which is exactly the "everyone shares one address"
// situation of a server behind an unconfigured proxy.
import { randomUUID } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startServer, type TestServer } from "@/test/helpers/server";
import { Client } from "@/test/http/client";

const pw = "a long password 1";
const email = (tag: string) => `${tag}-${randomUUID().slice(0, 8)}@example.com`;
const THROTTLED = /^Too many sign-in attempts\. Try again in \d+ minutes?\.$/;
const randomIp = () => `203.0.113.${Math.floor(Math.random() * 254) + 1}`;
const limits = { SIGNIN_MAX_ATTEMPTS_PER_ACCOUNT: "5", SIGNIN_MAX_ATTEMPTS_PER_IP: "12" };

/** An account that signed in once from `browser` and signed out again: a known device. */
async function ownerOn(server: TestServer, tag: string) {
  const browser = new Client(server.baseUrl);
  const address = email(tag);
  const { id } = await browser.signUp({ email: address, name: tag, password: pw });
  await browser.signOut();
  expect((await browser.fetch("/api/me")).status).toBe(401);
  return { browser, email: address, id };
}

describe("without trusted proxies", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: limits });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("rotating X-Forwarded-For does not get around the per-account limit, and the owner's browser still signs in", async () => {
    const owner = await ownerOn(server, "owner");
    const attacker = new Client(server.baseUrl);
    for (let i = 0; i < 5; i++) {
      expect(await attacker.signIn(owner.email, `guess number ${i}`, { "x-forwarded-for": randomIp() })).toBe(
        "Incorrect email or password",
      );
    }
    // Even the right password is refused to the attacker now, whatever address it claims.
    expect(await attacker.signIn(owner.email, pw, { "x-forwarded-for": randomIp() })).toMatch(THROTTLED);
    expect(await attacker.signIn(owner.email, pw)).toMatch(THROTTLED);
    expect((await attacker.fetch("/api/me")).status).toBe(401);

    // The owner's browser signed in before: the attacker's failures do not hold it up.
    expect(await owner.browser.signIn(owner.email, pw)).toBeNull();
    expect(await (await owner.browser.fetch("/api/me")).json()).toMatchObject({ user: { email: owner.email } });
  });

  it("a known-device cookie works only for the account it was issued for and cannot be forged", async () => {
    const victim = await ownerOn(server, "victim");
    // The attacker's own account gives the attacker's browser a genuine device cookie …
    const attacker = (await ownerOn(server, "attacker")).browser;
    for (let i = 0; i < 5; i++) await attacker.signIn(victim.email, `guess ${i}`);
    // … which does not count for someone else's account.
    expect(await attacker.signIn(victim.email, pw)).toMatch(THROTTLED);

    const forged = new Client(server.baseUrl);
    forged.setCookie("mixdesk.device", `v1.${victim.id}.some-device.${Date.now() + 1e9}.not-a-signature`);
    expect(await forged.signIn(victim.email, pw)).toMatch(THROTTLED);

    expect(await victim.browser.signIn(victim.email, pw)).toBeNull();
  });

  it("many failures from the one shared address (no X-Forwarded-For) do not lock out people on known devices", async () => {
    const bystander = await ownerOn(server, "bystander");
    const newcomer = new Client(server.baseUrl);
    const newcomerEmail = email("newcomer");
    expect(
      (await newcomer.fetch("/api/signup", { method: "POST", json: { email: newcomerEmail, name: "N", password: pw } }))
        .status,
    ).toBe(201);

    // Someone on the shared address tries many accounts, rotating the forwarded address.
    const spray = new Client(server.baseUrl);
    let throttled = false;
    for (let i = 0; i < 14 && !throttled; i++) {
      throttled = THROTTLED.test(
        (await spray.signIn(email("spray"), "guess", { "x-forwarded-for": randomIp() })) ?? "",
      );
    }
    expect(throttled).toBe(true);
    // The address as a whole is now held up for browsers it does not know …
    expect(await newcomer.signIn(newcomerEmail, pw, { "x-forwarded-for": randomIp() })).toMatch(THROTTLED);
    // … but not for people whose browser signed in before.
    expect(await bystander.browser.signIn(bystander.email, pw)).toBeNull();
  });
});

describe("behind a trusted proxy", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: { ...limits, TRUSTED_PROXIES: "loopback" } });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("distinct forwarded clients get distinct buckets; entries a client prepends are not believed", async () => {
    const owner = new Client(server.baseUrl);
    const ownerEmail = email("proxied");
    expect(
      (await owner.fetch("/api/signup", { method: "POST", json: { email: ownerEmail, name: "P", password: pw } }))
        .status,
    ).toBe(201);

    const attacker = new Client(server.baseUrl);
    const attackerAt = { "x-forwarded-for": "198.51.100.66" };
    for (let i = 0; i < 5; i++) await attacker.signIn(ownerEmail, `guess ${i}`, attackerAt);
    expect(await attacker.signIn(ownerEmail, pw, attackerAt)).toMatch(THROTTLED);
    // The proxy appends the real client last; what the client wrote before it is not trusted.
    expect(await attacker.signIn(ownerEmail, pw, { "x-forwarded-for": "192.0.2.1, 198.51.100.66" })).toMatch(THROTTLED);

    // The owner, at another address and on a browser the server has never seen, is not affected.
    expect(await owner.signIn(ownerEmail, pw, { "x-forwarded-for": "192.0.2.44" })).toBeNull();
    expect((await owner.fetch("/api/me")).status).toBe(200);
  });

  it("one forwarded address spraying accounts is held up; other addresses are not", async () => {
    const spray = new Client(server.baseUrl);
    const from = { "x-forwarded-for": "198.51.100.77" };
    // The sprayer rotates an entry of its own in front of the one the proxy appends.
    for (let i = 0; i < 12; i++)
      await spray.signIn(email("spray"), "guess", { "x-forwarded-for": `${randomIp()}, 198.51.100.77` });
    const c = new Client(server.baseUrl);
    const e = email("elsewhere");
    await c.fetch("/api/signup", { method: "POST", json: { email: e, name: "E", password: pw } });
    expect(await c.signIn(e, pw, from)).toMatch(THROTTLED);
    expect(await c.signIn(e, pw, { "x-forwarded-for": "198.51.100.78" })).toBeNull();
  });
});

describe("guesses sent all at once", () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer({ env: limits });
  }, 120_000);
  afterAll(async () => {
    await server?.stop();
  });

  it("20 parallel wrong passwords get at most the limit of answers, and then the right one is refused too", async () => {
    const owner = new Client(server.baseUrl);
    const ownerEmail = email("raced");
    expect(
      (await owner.fetch("/api/signup", { method: "POST", json: { email: ownerEmail, name: "R", password: pw } }))
        .status,
    ).toBe(201);

    // Each guess from its own cookie-less browser, all in flight before any password is judged.
    const attackers = Array.from({ length: 20 }, () => new Client(server.baseUrl));
    const answers = await Promise.all(attackers.map((a, i) => a.signIn(ownerEmail, `parallel guess ${i}`)));
    const judged = answers.filter((a) => a === "Incorrect email or password").length;
    const refused = answers.filter((a) => THROTTLED.test(a ?? "")).length;
    expect(judged + refused).toBe(20);
    expect(judged).toBeLessThanOrEqual(5);
    expect(refused).toBeGreaterThanOrEqual(15);

    // The window is used up: the right password is not even checked from here.
    expect(await new Client(server.baseUrl).signIn(ownerEmail, pw)).toMatch(THROTTLED);
  });
});
