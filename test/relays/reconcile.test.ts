// Reconciliation against the fake YinziAI: each drift kind is found, the safe one repaired (the
// order re-queued finishes from the stored upstream result without a second create), findings are
// not written twice, and drift that has gone is marked resolved. `npm run admin -- reconcile`
// prints the report. Real database.
import { beforeAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { JobRunner, runnerOptionsFromEnv } from "@/lib/jobs/runner";
import { endOrder } from "@/lib/orders/lifecycle";
import { createOrder } from "@/lib/orders/service";
import { reconcile, reconcileIfDue } from "@/lib/relays/reconcile";
import { yinziAdapter } from "@/lib/relays/yinzi/client";
import { runAdmin } from "@/test/helpers/admin-cli";
import type { FakeYinzi } from "@/test/helpers/fake-yinzi";
import { actorWithCredits, addUpstream, route, waitForOrder, yinziRelayWorld } from "@/test/helpers/relays";

const world = yinziRelayWorld("mx-reconcile-", 5);
let fake: FakeYinzi;
let song: string;
beforeAll(() => {
  ({ fake, song } = world);
});

/** An order whose relay task on `upstreamId` was submitted upstream as `upstreamTaskId`. */
async function relayed(
  actor: { userId: string; teamId: string },
  upstreamId: string,
  upstreamTaskId: string,
  state = "submitted",
) {
  const { orderNo } = await createOrder(actor, { orderType: "track-separation", stuff: { pathKey: song } });
  const order = await db.order.findUniqueOrThrow({ where: { orderNo } });
  const task = await db.relayTask.create({
    data: { orderId: order.id, upstreamId, upstreamTaskId, state, submittedAt: new Date() },
  });
  return { order, task };
}

async function upstreamTask(finishAfterPolls = 1) {
  fake.knobs.finishAfterPolls = finishAfterPolls;
  const creds = { baseUrl: fake.baseUrl, apiKey: fake.apiKey };
  const { taskId } = await yinziAdapter(20).submit(
    creds,
    { orderType: "track-separation", inputUrl: song },
    new AbortController().signal,
  );
  return taskId;
}

describe("reconciliation", () => {
  it("finds each drift kind, repairs the safe one, resolves what has gone, and the CLI prints it", async () => {
    const up = await addUpstream({ name: "Yinzi recon", baseUrl: fake.baseUrl, apiKey: fake.apiKey });
    await route("track-separation", [`upstream:${up.id}`, "local"]);
    const actor = await actorWithCredits(500);

    // 1. Finished upstream (a worker died before it could see it), the order pending here.
    const finishedId = await upstreamTask();
    const finished = await relayed(actor, up.id, finishedId, "abandoned");
    await db.order.update({
      where: { id: finished.order.id },
      data: { nextAttemptAt: new Date(Date.now() + 3_600_000) },
    });
    // 2. Failed upstream, the order open here.
    fake.knobs.failTasksWith = { status: "failed", reason: "Unreadable audio" };
    const failedId = await upstreamTask();
    const failed = await relayed(actor, up.id, failedId);
    await db.order.update({
      where: { id: failed.order.id },
      data: { nextAttemptAt: new Date(Date.now() + 3_600_000) },
    });
    fake.knobs.failTasksWith = null;
    // 3. An id the upstream has never heard of.
    const unknown = await relayed(actor, up.id, "NOSUCHORDER0000000");
    // 4. Charged upstream, released here.
    const charged = await relayed(actor, up.id, await upstreamTask(), "finished");
    await db.relayTask.update({ where: { id: charged.task.id }, data: { upstreamCost: 10, upstreamStatus: "finish" } });
    await endOrder(charged.order.id, "timeout", "Timed out");
    // 5. No drift: a task still running upstream.
    const running = await relayed(actor, up.id, await upstreamTask(1000));

    const creates = fake.creates();
    const report = await reconcile({ upstreamId: up.id });
    const findings = report.upstreams[0].findings;
    const byOrder = (orderNo: string) => findings.filter((f) => f.orderNo === orderNo);
    expect(byOrder(finished.order.orderNo)).toMatchObject([
      { kind: "finished_upstream_open_here", outcome: "repaired" },
    ]);
    expect(byOrder(failed.order.orderNo)).toMatchObject([{ kind: "failed_upstream_open_here", outcome: "repaired" }]);
    expect(byOrder(unknown.order.orderNo)).toMatchObject([{ kind: "unknown_upstream_id", outcome: "reported" }]);
    expect(byOrder(charged.order.orderNo)).toMatchObject([
      { kind: "charged_upstream_released_here", outcome: "reported" },
    ]);
    expect(byOrder(running.order.orderNo)).toEqual([]);
    expect(await db.reconcileDrift.count({ where: { upstreamId: up.id, resolvedAt: null } })).toBe(4);

    // The repaired orders were re-queued with the upstream's final state stored on their tasks.
    for (const o of [finished.order, failed.order]) {
      const now = await db.order.findUniqueOrThrow({ where: { id: o.id } });
      expect(now.status).toBe("pending");
      expect(now.nextAttemptAt.getTime()).toBeLessThanOrEqual(Date.now());
    }
    expect((await db.relayTask.findUniqueOrThrow({ where: { id: finished.task.id } })).state).toBe("finished");

    // Running them: the finished one copies the upstream's results (no new create), the failed one
    // fails with the upstream's reason and is released.
    await endOrder(unknown.order.id, "failed", "test over");
    await endOrder(running.order.id, "failed", "test over");
    const runner = new JobRunner({ ...runnerOptionsFromEnv({}), pollMs: 50, maxAttempts: 3 }).start();
    try {
      const a = await waitForOrder(finished.order.orderNo);
      const b = await waitForOrder(failed.order.orderNo);
      expect(a).toMatchObject({ status: "finish", engine: "relay:Yinzi recon" });
      expect(b).toMatchObject({ status: "failed", reason: "Unreadable audio", payStatus: "released" });
    } finally {
      await runner.stop();
    }
    expect(fake.creates()).toBe(creates);

    // Again: the repaired drift is gone (resolved); the reported ones stay open, not duplicated.
    const again = await reconcile({ upstreamId: up.id });
    expect(again.resolved).toBe(3); // the two repaired ones, and the unknown id whose order has ended
    const open = await db.reconcileDrift.findMany({ where: { upstreamId: up.id, resolvedAt: null } });
    expect(open.map((d) => d.kind)).toEqual(["charged_upstream_released_here"]);

    const cli = await runAdmin(["reconcile", "--upstream", up.id]);
    expect(cli.code).toBe(1);
    expect(cli.stdout).toContain("Yinzi recon");
    expect(cli.stdout).toContain("charged_upstream_released_here");
    expect(cli.stdout).toContain(charged.order.orderNo);
    expect(cli.stdout).not.toContain(fake.apiKey);
    expect(cli.stderr).not.toContain(fake.apiKey);
  }, 180_000);

  it("runs from maintenance at most once per RELAY_RECONCILE_MINUTES", async () => {
    const now = new Date(Date.now() + 86_400_000);
    const [a, b] = await Promise.all([reconcileIfDue(15 * 60_000, now), reconcileIfDue(15 * 60_000, now)]);
    expect([a, b].filter(Boolean)).toHaveLength(1);
    expect(await reconcileIfDue(15 * 60_000, new Date(now.getTime() + 60_000))).toBeNull();
    expect(await reconcileIfDue(15 * 60_000, new Date(now.getTime() + 16 * 60_000))).not.toBeNull();
  });
});
