// Upstream keys never leave the server: not in logs, not in what the user or the admin page reads,
// not in error messages, even when the upstream echoes the key back in its errors (the fake's
// echoKey knob). Everything printed to the console during relays, fallbacks, refusals, an empty
// account, a refused key, a connection test and reconciliation is captured and searched.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { format } from "node:util";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { reconcile } from "@/lib/relays/reconcile";
import { yinziConnectionTest } from "@/lib/relays/yinzi/client";
import { type FakeYinzi, startFakeYinzi } from "@/test/helpers/fake-yinzi";
import { type FixtureServer, makeMix, serveFixtures } from "@/test/helpers/media";
import { actorWithCredits, addUpstream, route, runOrder, TEST_MASTER_KEY } from "@/test/helpers/relays";

const KEY = "yz-live-9f8e7d6c5b4a39281706f5e4";
const WRONG_KEY = "yz-old-0a1b2c3d4e5f60718293a4b5";
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-relay-secrets-"));
let fixtures: FixtureServer;
let fake: FakeYinzi;
let song: string;
const printed: string[] = [];

beforeAll(async () => {
  vi.stubEnv("DATA_DIR", path.join(dir, "data"));
  vi.stubEnv("FETCH_ALLOW_HOSTS", "127.0.0.1");
  vi.stubEnv("RELAY_MASTER_KEY", TEST_MASTER_KEY);
  vi.stubEnv("RELAY_RETRY_BASE_MS", "20");
  vi.stubEnv("RELAY_POLL_INTERVAL_MS", "20");
  vi.stubEnv("RELAY_MAX_ATTEMPTS", "2");
  for (const level of ["log", "info", "warn", "error", "debug"] as const) {
    const original = console[level].bind(console);
    vi.spyOn(console, level).mockImplementation((...args: unknown[]) => {
      printed.push(format(...args));
      original(...args);
    });
  }
  makeMix(path.join(dir, "song.wav"), 3);
  fixtures = await serveFixtures(dir);
  song = `${fixtures.baseUrl}/song.wav`;
  fake = await startFakeYinzi({ apiKey: KEY });
  fake.knobs.echoKey = true;
}, 60_000);

afterAll(async () => {
  vi.restoreAllMocks();
  await fake?.close();
  await fixtures?.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The whole key, or any 12 characters of it (the hint shows the last four, nothing more). */
function leaks(text: string, key: string): boolean {
  if (text.includes(key)) return true;
  for (let i = 0; i + 12 <= key.length; i++) if (text.includes(key.slice(i, i + 12))) return true;
  return false;
}

describe("upstream keys never leak", () => {
  it("through logs, stored errors, order reasons, the admin's data, connection tests or reconciliation", async () => {
    const actor = await actorWithCredits(500);
    const good = await addUpstream({ name: "Yinzi secret", baseUrl: fake.baseUrl, apiKey: KEY });
    await route("track-separation", [`upstream:${good.id}`, "local"]);
    const views: unknown[] = [];
    const errors: string[] = [];

    // Down (5xx echoing the key) → fallback.
    fake.knobs.failNext = 1000;
    const down = await runOrder(actor, "track-separation", song);
    fake.knobs.failNext = 0;
    expect(down.order.engine).toBe("dsp-v2");
    views.push(down.view);

    // A refusal whose reason echoes the key → the order fails with the reason, without the key.
    fake.knobs.rejectNextWith = "The audio could not be decoded";
    const refused = await runOrder(actor, "track-separation", song);
    expect(refused.order.status).toBe("failed");
    expect(refused.order.reason).toContain("The audio could not be decoded");
    views.push(refused.view);

    // An empty account → out of rotation, the reason stored for the admin.
    fake.balance = 0;
    const empty = await runOrder(actor, "track-separation", song);
    expect(empty.order.engine).toBe("dsp-v2");
    fake.balance = 1000;
    expect((await db.upstream.findUniqueOrThrow({ where: { id: good.id } })).outOfRotation).toContain(
      "USER_BLANCE_NOT_ENOUGH",
    );

    // A stored key the upstream refuses (401 echoing it).
    const stale = await addUpstream({ name: "Yinzi stale", baseUrl: fake.baseUrl, apiKey: WRONG_KEY });
    await route("track-separation", [`upstream:${stale.id}`, "local"]);
    const auth = await runOrder(actor, "track-separation", song);
    expect(auth.order.engine).toBe("dsp-v2");
    views.push(auth.view);

    // Connection tests: the good key connects (balance unknown), the stale one is refused.
    const signal = new AbortController().signal;
    await expect(yinziConnectionTest({ baseUrl: fake.baseUrl, apiKey: KEY }, signal)).resolves.toEqual({
      balance: null,
    });
    const refusedTest = await yinziConnectionTest({ baseUrl: fake.baseUrl, apiKey: WRONG_KEY }, signal).catch(
      (e: Error) => e,
    );
    expect(refusedTest).toMatchObject({ kind: "auth" });
    errors.push((refusedTest as Error).message, String((refusedTest as Error).stack));

    // Reconciliation of an id the upstream does not know.
    const order = await db.order.findUniqueOrThrow({ where: { orderNo: auth.order.orderNo } });
    await db.order.update({ where: { id: order.id }, data: { status: "pending", payStatus: "waiting" } });
    await db.relayTask.update({
      where: { orderId_upstreamId: { orderId: order.id, upstreamId: stale.id } },
      data: { upstreamTaskId: "NOSUCHORDER0000000" },
    });
    await db.upstream.update({ where: { id: stale.id }, data: { keyCipher: good.keyCipher } });
    const report = await reconcile();
    expect(report.upstreams.flatMap((u) => u.findings).map((f) => f.kind)).toContain("unknown_upstream_id");

    const stored = JSON.stringify({
      upstreams: await db.upstream.findMany({ select: { lastError: true, outOfRotation: true, keyHint: true } }),
      tasks: await db.relayTask.findMany(),
      orders: await db.order.findMany({ select: { reason: true, stage: true, engine: true } }),
      drift: await db.reconcileDrift.findMany(),
      report,
      views,
      errors,
    });
    expect(stored).toContain("…"); // the hints are there
    expect(printed.join("\n")).toContain("trying the next step"); // and the logs were captured
    for (const key of [KEY, WRONG_KEY]) {
      expect(leaks(printed.join("\n"), key)).toBe(false);
      expect(leaks(stored, key)).toBe(false);
    }
  }, 240_000);
});
