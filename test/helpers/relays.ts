// Shared by the relay tests: the world of a YinziAI relay test file, an upstream row with its key
// sealed, a route, a user with credits, and running one order through the in-process job runner
// until it ends.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, vi } from "vitest";
import { grant } from "@/lib/billing/ledger";
import type { RoutableType, RouteStep } from "@/lib/contracts/relays";
import { db } from "@/lib/db";
import { JobRunner, runnerOptionsFromEnv } from "@/lib/jobs/runner";
import { createOrder, queryOrder } from "@/lib/orders/service";
import { keyHint, sealKey } from "@/lib/relays/crypto";
import { writeRoutes } from "@/lib/relays/routes";
import { signUp } from "@/lib/users/service";
import { type FakeYinzi, startFakeYinzi } from "@/test/helpers/fake-yinzi";
import { type FixtureServer, makeMix, serveFixtures } from "@/test/helpers/media";

export const TEST_MASTER_KEY = "6d697864657368207465737420726561792d6d61737465722d6b65792d303031";

/**
 * A test file's relay world, made before its tests and removed after: its own DATA_DIR, loopback
 * fetches allowed, relay retries and polls made fast (plus `env`), a mix of `seconds` served on
 * loopback (`song`) and a fake YinziAI (`fake`). Read the fields inside tests or later hooks.
 */
export function yinziRelayWorld(prefix: string, seconds: number, env: Record<string, string> = {}) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  const world = { dir, song: "", fake: undefined as unknown as FakeYinzi };
  let fixtures: FixtureServer | undefined;
  beforeAll(async () => {
    vi.stubEnv("DATA_DIR", path.join(dir, "data"));
    vi.stubEnv("FETCH_ALLOW_HOSTS", "127.0.0.1");
    vi.stubEnv("RELAY_MASTER_KEY", TEST_MASTER_KEY);
    vi.stubEnv("RELAY_RETRY_BASE_MS", "20");
    vi.stubEnv("RELAY_POLL_INTERVAL_MS", "20");
    for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v);
    makeMix(path.join(dir, "song.wav"), seconds);
    fixtures = await serveFixtures(dir);
    world.song = `${fixtures.baseUrl}/song.wav`;
    world.fake = await startFakeYinzi();
  }, 60_000);
  afterAll(async () => {
    await world.fake?.close();
    await fixtures?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });
  return world;
}

export async function addUpstream(opts: { name?: string; kind?: string; baseUrl: string; apiKey: string }) {
  return db.upstream.create({
    data: {
      name: opts.name ?? `up-${randomUUID().slice(0, 6)}`,
      kind: opts.kind ?? "yinzi",
      baseUrl: opts.baseUrl,
      keyCipher: sealKey(opts.apiKey),
      keyHint: keyHint(opts.apiKey),
    },
  });
}

export async function route(type: RoutableType, steps: RouteStep[]) {
  await writeRoutes(null as unknown as string, { [type]: steps });
}

export async function actorWithCredits(amount: number) {
  const user = await signUp({
    email: `relay-${randomUUID().slice(0, 6)}@example.com`,
    name: "Relay",
    password: "a long password 1",
  });
  const teamId = (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId;
  await grant({ userId: user.id, amount, idempotencyKey: `seed:${user.id}` });
  return { userId: user.id, teamId };
}

export async function waitForOrder(orderNo: string, timeoutMs = 90_000) {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const o = await db.order.findUniqueOrThrow({ where: { orderNo } });
    if (o.status !== "pending" && o.status !== "processing") return o;
    if (Date.now() > end) throw new Error(`order stuck in ${o.status} (${o.stage})`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Creates an order and runs the in-process runner until it has ended. */
export async function runOrder(
  actor: { userId: string; teamId: string },
  orderType: string,
  pathKey: string,
  maxAttempts = 1,
) {
  const { orderNo } = await createOrder(actor, { orderType, stuff: { pathKey } } as Parameters<typeof createOrder>[1]);
  const runner = new JobRunner({ ...runnerOptionsFromEnv({}), pollMs: 50, maxAttempts, backoffMs: 50 }).start();
  try {
    const order = await waitForOrder(orderNo);
    return { order, view: await queryOrder(actor, orderNo) };
  } finally {
    await runner.stop();
  }
}

export const balances = (userId: string) =>
  db.user.findUniqueOrThrow({ where: { id: userId }, select: { balance: true, held: true, spent: true } });
