// Races around a relayed order: pollers and a callback finishing the same upstream task, runners
// and the timeout sweeper ending the same orders, and queries capturing the same charge. Whatever
// the interleaving, one final state wins, each hold is released or captured once, and the ledger
// balances. Real database, the fake YinziAI on loopback.
import { beforeAll, describe, expect, it } from "vitest";
import { verifyLedger } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { JobRunner, runnerOptionsFromEnv } from "@/lib/jobs/runner";
import { endOrder, expireOverdue } from "@/lib/orders/lifecycle";
import { createOrder, queryOrder } from "@/lib/orders/service";
import { runRelayTask, storeFinalState } from "@/lib/relays/relay-task";
import type { UpstreamTaskState } from "@/lib/relays/types";
import { yinziAdapter } from "@/lib/relays/yinzi/client";
import type { FakeYinzi } from "@/test/helpers/fake-yinzi";
import {
  actorWithCredits,
  addUpstream,
  balances,
  route,
  runOrder,
  waitForOrder,
  yinziRelayWorld,
} from "@/test/helpers/relays";

const world = yinziRelayWorld("mx-relay-races-", 5);
let fake: FakeYinzi;
let song: string;
beforeAll(() => {
  ({ fake, song } = world);
});

describe("relay races", () => {
  it("concurrent pollers and a callback agree on one final state; the upstream sees one create", async () => {
    fake.knobs.finishAfterPolls = 6;
    const up = await addUpstream({ name: "race-poll", baseUrl: fake.baseUrl, apiKey: fake.apiKey });
    const actor = await actorWithCredits(100);
    const { orderNo } = await createOrder(actor, { orderType: "track-separation", stuff: { pathKey: song } });
    const order = await db.order.findUniqueOrThrow({ where: { orderNo } });
    const creates = fake.creates();
    const args = {
      order,
      upstream: up,
      adapter: yinziAdapter(20),
      request: { orderType: "track-separation", inputUrl: song },
      signal: new AbortController().signal,
      workerId: "w",
    };
    const first = runRelayTask(args);
    // Once the id is stored, two more pollers (a worker that took over, a second runner) join.
    for (let i = 0; ; i++) {
      const t = await db.relayTask.findFirst({ where: { orderId: order.id } });
      if (t?.upstreamTaskId) break;
      if (i > 200) throw new Error("no upstream task id stored");
      await new Promise((r) => setTimeout(r, 10));
    }
    const task = await db.relayTask.findFirstOrThrow({ where: { orderId: order.id } });
    const callbackState: UpstreamTaskState = {
      status: "succeeded",
      raw: "finish",
      cost: 10,
      files: [{ name: "vocals.mp3", business: "vocals", url: `${fake.baseUrl}/cdn/vocals.mp3` }],
    };
    const [a, b, c, ...callbacks] = await Promise.all([
      first,
      runRelayTask(args),
      runRelayTask(args),
      ...Array.from({ length: 5 }, () => storeFinalState(task.id, callbackState)),
    ]);
    expect(fake.creates() - creates).toBe(1);
    expect(b).toEqual(a);
    expect(c).toEqual(a);
    const winners = callbacks.filter((r) => r.won).length;
    const row = await db.relayTask.findUniqueOrThrow({ where: { id: task.id } });
    expect(row.state).toBe("finished");
    // Either a callback stored the state first (and every poller took it) or a poller did (and no
    // callback changed it): never both.
    if (winners === 1) expect(a).toEqual(callbackState);
    else expect(winners).toBe(0);
    for (const r of callbacks) expect(r.state).toEqual(a);
    expect(await db.relayTask.count({ where: { orderId: order.id } })).toBe(1);
    await endOrder(order.id, "failed", "test over"); // no runner ran it; do not leave it to the sweeper below
  });

  it("runners and the timeout sweeper racing on failing relayed orders release each hold exactly once", async () => {
    fake.knobs.finishAfterPolls = 2;
    const up = await addUpstream({ name: "race-release", baseUrl: fake.baseUrl, apiKey: fake.apiKey });
    await route("track-separation", [`upstream:${up.id}`, "local"]);
    fake.knobs.failTasksWith = { status: "failed", reason: "Refused by the upstream" };
    const actor = await actorWithCredits(200);
    const orderNos: string[] = [];
    for (let i = 0; i < 6; i++) {
      const { orderNo } = await createOrder(actor, { orderType: "track-separation", stuff: { pathKey: song } });
      orderNos.push(orderNo);
    }
    const opts = { ...runnerOptionsFromEnv({}), pollMs: 20, maxAttempts: 1, concurrency: 2 };
    const runners = [new JobRunner(opts).start(), new JobRunner(opts).start()];
    let sweeps = 0;
    try {
      // The sweeper times out whatever it catches while the runners fail the rest.
      await new Promise((r) => setTimeout(r, 300));
      const sweeping = (async () => {
        for (let i = 0; i < 10; i++) {
          sweeps += await expireOverdue(0);
          await new Promise((r) => setTimeout(r, 30));
        }
      })();
      await sweeping;
      for (const n of orderNos) await waitForOrder(n);
    } finally {
      await Promise.all(runners.map((r) => r.stop()));
    }
    fake.knobs.failTasksWith = null;
    const orders = await db.order.findMany({ where: { orderNo: { in: orderNos } } });
    for (const o of orders) {
      expect(["failed", "timeout"]).toContain(o.status);
      expect(o.payStatus).toBe("released");
      expect(await db.ledgerEntry.count({ where: { ref: `order:${o.orderNo}`, kind: "release" } })).toBe(1);
      expect(await db.ledgerEntry.count({ where: { ref: `order:${o.orderNo}`, kind: "capture" } })).toBe(0);
    }
    expect(sweeps).toBe(orders.filter((o) => o.status === "timeout").length);
    expect(await balances(actor.userId)).toEqual({ balance: 200, held: 0, spent: 0 });
    expect((await verifyLedger()).mismatches).toEqual([]);
  });

  it("a relayed order queried by many clients at once is captured once", async () => {
    fake.knobs.failTasksWith = null;
    const up = await addUpstream({ name: "race-capture", baseUrl: fake.baseUrl, apiKey: fake.apiKey });
    await route("track-separation", [`upstream:${up.id}`, "local"]);
    const actor = await actorWithCredits(100);
    const { order } = await runOrder(actor, "track-separation", song);
    expect(order).toMatchObject({ status: "finish", engine: "relay:race-capture" });
    const views = await Promise.all(Array.from({ length: 8 }, () => queryOrder(actor, order.orderNo)));
    const cost = views[0].cost;
    for (const v of views) expect(v.cost).toBe(cost);
    expect(await db.ledgerEntry.count({ where: { ref: `order:${order.orderNo}`, kind: "capture" } })).toBe(1);
    expect(await balances(actor.userId)).toEqual({ balance: 100 - cost, held: 0, spent: cost });
    expect((await verifyLedger()).mismatches).toEqual([]);
  });
});
