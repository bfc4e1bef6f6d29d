// The delivery pump against real loopback receivers: a receiver that never answers (a tarpit) must
// not hold up another team's events.
import { randomUUID } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { signUp } from "@/lib/users/service";
import { enqueueDelivery, pumpDeliveries } from "@/lib/webhooks/deliveries";
import { startReceiver, type Receiver } from "@/test/helpers/receiver";

let tarpit: http.Server;
let tarpitUrl: string;
const sockets = new Set<Socket>();
let healthy: Receiver;

beforeAll(async () => {
  vi.stubEnv("FETCH_ALLOW_HOSTS", "127.0.0.1");
  vi.stubEnv("WEBHOOK_TIMEOUT_SECONDS", "8");
  tarpit = http.createServer(() => {
    /* never answers */
  });
  tarpit.on("connection", (s) => sockets.add(s));
  await new Promise<void>((r) => tarpit.listen(0, "127.0.0.1", r));
  tarpitUrl = `http://127.0.0.1:${(tarpit.address() as AddressInfo).port}`;
  healthy = await startReceiver();
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  tarpit.close();
  await healthy.close();
});

async function team() {
  const user = await signUp({
    email: `hooks-${randomUUID().slice(0, 6)}@example.com`,
    name: "Hooks",
    password: "a long password 1",
  });
  return (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId;
}

describe("webhook delivery pump", () => {
  it("a tarpit receiver with many due events does not delay another team's event", async () => {
    const slowTeam = await team();
    const fastTeam = await team();
    for (let i = 0; i < 15; i++) {
      await enqueueDelivery({
        teamId: slowTeam,
        kind: "webhook",
        event: "order.failed",
        url: `${tarpitUrl}/hook/${i}`,
        body: { i },
      });
    }
    await enqueueDelivery({
      teamId: fastTeam,
      kind: "webhook",
      event: "order.finished",
      url: `${healthy.baseUrl}/fast`,
      body: { ok: true },
    });
    const started = Date.now();
    const pump = pumpDeliveries();
    const got = await healthy.waitFor((r) => r.some((x) => x.path === "/fast"), 5000);
    expect(got.find((x) => x.path === "/fast")!.at - started).toBeLessThan(3000);
    // The tarpit holds only its per-host share of the pool while it stalls.
    expect(sockets.size).toBeLessThanOrEqual(2);
    // An event enqueued while the pump waits on the tarpit goes out at once too.
    const later = Date.now();
    await enqueueDelivery({
      teamId: fastTeam,
      kind: "webhook",
      event: "order.finished",
      url: `${healthy.baseUrl}/later`,
      body: { ok: true },
    });
    await pumpDeliveries();
    const again = await healthy.waitFor((r) => r.some((x) => x.path === "/later"), 5000);
    expect(again.find((x) => x.path === "/later")!.at - later).toBeLessThan(3000);
    for (const s of sockets) s.destroy();
    tarpit.close();
    await pump;
    const fast = await db.webhookDelivery.findMany({ where: { teamId: fastTeam } });
    expect(fast.map((d) => d.status)).toEqual(["delivered", "delivered"]);
  });
});
