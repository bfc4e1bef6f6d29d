// The periodic clean-up every runner does: time out overdue orders, delete results past retention,
// drop stale music work files, reconcile relay tasks with their upstreams (every RELAY_RECONCILE_MINUTES).
import "server-only";
import type { RunnerOptions } from "@/lib/jobs/runner-options";
import { env } from "@/lib/env";
import { sweepMusicWork } from "@/lib/music/input";
import { expireOverdue } from "@/lib/orders/lifecycle";
import { reconcileIfDue } from "@/lib/relays/reconcile";
import { sweepExpiredFiles } from "@/lib/storage/sweeper";

export async function runMaintenance(opts: Pick<RunnerOptions, "orderTimeoutMs" | "retentionMs">) {
  await expireOverdue(opts.orderTimeoutMs);
  await sweepExpiredFiles(opts.retentionMs);
  await sweepMusicWork(opts.orderTimeoutMs);
  // An upstream that is down must not stop the other chores: its failure is in the report.
  await reconcileIfDue(env().RELAY_RECONCILE_MINUTES * 60_000).catch((error) =>
    console.error("[relays] reconciliation failed", error),
  );
}
