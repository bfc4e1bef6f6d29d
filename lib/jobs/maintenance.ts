// The periodic clean-up every runner does: time out overdue orders, delete results past retention,
// drop stale music work files.
import "server-only";
import type { RunnerOptions } from "@/lib/jobs/runner-options";
import { sweepMusicWork } from "@/lib/music/input";
import { expireOverdue } from "@/lib/orders/lifecycle";
import { sweepExpiredFiles } from "@/lib/storage/sweeper";

export async function runMaintenance(opts: Pick<RunnerOptions, "orderTimeoutMs" | "retentionMs">) {
  await expireOverdue(opts.orderTimeoutMs);
  await sweepExpiredFiles(opts.retentionMs);
  await sweepMusicWork(opts.orderTimeoutMs);
}
