// Reconciliation: per upstream, the relay tasks whose upstream state and local state disagree.
// - finished_upstream_open_here: the upstream finished but the order is still open here. When no
//   worker holds the order, the final state is stored on the task and the order re-queued: the
//   next attempt finds the stored state and copies the results (repaired). A leased order is being
//   worked on: nothing to do.
// - failed_upstream_open_here: the same for a task that failed upstream; the re-queued order ends
//   the way its route says (fails with the reason, or falls back) (repaired).
// - unknown_upstream_id: the upstream does not know a task id we stored (reported).
// - charged_upstream_released_here: the upstream charged for a task whose order released the
//   user's hold (the route fell back after the upstream had finished, or the order timed out);
//   money the operator lost, for a person to look at (reported).
// Only tasks of open orders are queried: a YinziAI query of a finished order charges it, so
// asking about tasks nobody is waiting for would create the very charges this job looks for.
// Each finding is a ReconcileDrift row; a finding already open is not written twice, and open
// rows whose drift is gone are marked resolved.
import "server-only";
import { db } from "@/lib/db";
import { orderQueued } from "@/lib/jobs/enqueue";
import { adapterFor } from "@/lib/relays/adapters";
import { recordCall, redact } from "@/lib/relays/health";
import { storeFinalState } from "@/lib/relays/relay-task";
import { UpstreamError } from "@/lib/relays/types";
import { credsOf } from "@/lib/relays/upstreams";

export const LAST_RECONCILE_KEY = "relays.lastReconcileAt";

export type DriftKind =
  | "finished_upstream_open_here"
  | "charged_upstream_released_here"
  | "unknown_upstream_id"
  | "failed_upstream_open_here";

export type Finding = {
  relayTaskId: string;
  orderNo: string;
  upstreamTaskId: string | null;
  kind: DriftKind;
  detail: string;
  outcome: "repaired" | "reported";
};

export type ReconcileReport = {
  at: string;
  upstreams: { id: string; name: string; checked: number; findings: Finding[]; error: string | null }[];
  resolved: number;
};

/** How far back tasks are looked at (older ones have long been timed out and swept). */
const WINDOW_MS = 7 * 86_400_000;
const CALL_TIMEOUT_MS = 30_000;

type TaskWithOrder = Awaited<ReturnType<typeof tasksOf>>[number];

function tasksOf(upstreamId: string, since: Date) {
  return db.relayTask.findMany({
    where: { upstreamId, upstreamTaskId: { not: null }, createdAt: { gte: since } },
    include: {
      order: {
        select: { id: true, orderNo: true, status: true, payStatus: true, leaseOwner: true, leaseExpiresAt: true },
      },
    },
    orderBy: { createdAt: "asc" },
    take: 500,
  });
}

const isOpen = (status: string) => status === "pending" || status === "processing";
const leased = (o: TaskWithOrder["order"], now: Date) =>
  o.status === "processing" && o.leaseOwner !== null && (o.leaseExpiresAt?.getTime() ?? 0) > now.getTime();

/** Puts an order nobody holds back in the queue at once; false when a worker holds it. */
async function requeue(orderId: string, now: Date): Promise<boolean> {
  const { count } = await db.order.updateMany({
    where: {
      id: orderId,
      OR: [
        { status: "pending" },
        { status: "processing", OR: [{ leaseExpiresAt: null }, { leaseExpiresAt: { lt: now } }] },
      ],
    },
    data: { status: "pending", leaseOwner: null, leaseExpiresAt: null, nextAttemptAt: now, stage: "queued" },
  });
  if (count === 1) await orderQueued(orderId);
  return count === 1;
}

async function checkUpstream(
  upstream: { id: string; name: string; kind: string; baseUrl: string; keyCipher: string; model: string | null },
  now: Date,
) {
  const findings: Finding[] = [];
  const tasks = await tasksOf(upstream.id, new Date(now.getTime() - WINDOW_MS));
  const adapter = adapterFor(upstream.kind);
  let creds: ReturnType<typeof credsOf> | null = null;
  let error: string | null = null;
  try {
    creds = credsOf(upstream);
  } catch (e) {
    error = (e as Error).message;
  }
  for (const t of tasks) {
    const o = t.order;
    const base = { relayTaskId: t.id, orderNo: o.orderNo, upstreamTaskId: t.upstreamTaskId };
    if (!isOpen(o.status)) {
      if (o.payStatus === "released" && t.state === "finished" && (t.upstreamCost ?? 0) > 0)
        findings.push({
          ...base,
          kind: "charged_upstream_released_here",
          detail: `The upstream charged ${t.upstreamCost} for this task; the order ${o.status} and the user's hold was released`,
          outcome: "reported",
        });
      continue;
    }
    if (!adapter || !creds || leased(o, now)) continue;
    const started = Date.now();
    const ctl = new AbortController();
    const timer = setTimeout(() => ctl.abort(new Error("timeout")), CALL_TIMEOUT_MS);
    try {
      const state = await adapter.poll(creds, t.upstreamTaskId as string, ctl.signal);
      await recordCall(upstream.id, "poll", true, 200, Date.now() - started);
      if (state.status !== "succeeded" && state.status !== "failed") continue;
      await storeFinalState(t.id, state);
      const requeued = await requeue(o.id, now);
      const kind = state.status === "succeeded" ? "finished_upstream_open_here" : "failed_upstream_open_here";
      const what = state.status === "succeeded" ? "finished" : `failed (${redact(state.reason ?? state.raw)})`;
      findings.push({
        ...base,
        kind,
        detail: requeued
          ? `The upstream ${what} but the order was still ${o.status} here; stored the result and re-queued the order`
          : `The upstream ${what} but the order is still ${o.status} here; a worker holds it now`,
        outcome: requeued ? "repaired" : "reported",
      });
    } catch (e) {
      const err = e instanceof UpstreamError ? e : new UpstreamError("unavailable", (e as Error).message);
      await recordCall(upstream.id, "poll", false, err.httpStatus, Date.now() - started, err.message, [creds.apiKey]);
      if (err.kind === "not_found")
        findings.push({
          ...base,
          kind: "unknown_upstream_id",
          detail: `The upstream does not know task ${t.upstreamTaskId} (order ${o.status} here)`,
          outcome: "reported",
        });
      else error = redact(`${err.kind}: ${err.message}`, [creds.apiKey]);
    } finally {
      clearTimeout(timer);
    }
  }
  return { checked: tasks.length, findings, error };
}

/** Writes new findings, and resolves open drift rows of the upstream that were not found again. */
async function recordFindings(upstreamId: string, findings: Finding[], complete: boolean, now: Date) {
  const open = await db.reconcileDrift.findMany({ where: { upstreamId, resolvedAt: null } });
  const key = (x: { relayTaskId: string | null; kind: string }) => `${x.relayTaskId}:${x.kind}`;
  const found = new Set(findings.map(key));
  let resolved = 0;
  // A run that could not ask the upstream about every task resolves nothing it did not see.
  if (complete) {
    const gone = open.filter((d) => !found.has(key(d))).map((d) => d.id);
    if (gone.length)
      resolved = (await db.reconcileDrift.updateMany({ where: { id: { in: gone } }, data: { resolvedAt: now } })).count;
  }
  const openKeys = new Set(open.map(key));
  const fresh = findings.filter((f) => !openKeys.has(key(f)));
  if (fresh.length)
    await db.reconcileDrift.createMany({
      data: fresh.map((f) => ({ upstreamId, ...f, detail: f.detail.slice(0, 500), createdAt: now })),
    });
  return resolved;
}

export async function reconcile(opts: { upstreamId?: string; now?: Date } = {}): Promise<ReconcileReport> {
  const now = opts.now ?? new Date();
  const upstreams = await db.upstream.findMany({
    where: opts.upstreamId ? { id: opts.upstreamId } : {},
    orderBy: { name: "asc" },
  });
  const report: ReconcileReport = { at: now.toISOString(), upstreams: [], resolved: 0 };
  for (const u of upstreams) {
    const r = await checkUpstream(u, now);
    report.resolved += await recordFindings(u.id, r.findings, r.error === null, now);
    report.upstreams.push({ id: u.id, name: u.name, ...r });
  }
  await db.setting.upsert({
    where: { key: LAST_RECONCILE_KEY },
    create: { key: LAST_RECONCILE_KEY, value: now.toISOString() },
    update: { value: now.toISOString() },
  });
  return report;
}

/**
 * The maintenance hook: reconciles when the last run is older than `everyMs` and some upstream
 * exists. The timestamp is claimed by compare-and-set first, so of several runners only one runs it.
 */
export async function reconcileIfDue(everyMs: number, now = new Date()): Promise<ReconcileReport | null> {
  if ((await db.upstream.count()) === 0) return null;
  const row = await db.setting.findUnique({ where: { key: LAST_RECONCILE_KEY } });
  const last = row ? Date.parse(row.value) : 0;
  if (Number.isFinite(last) && now.getTime() - last < everyMs) return null;
  if (row) {
    const { count } = await db.setting.updateMany({
      where: { key: LAST_RECONCILE_KEY, value: row.value },
      data: { value: now.toISOString() },
    });
    if (count !== 1) return null;
  } else {
    try {
      await db.setting.create({ data: { key: LAST_RECONCILE_KEY, value: now.toISOString() } });
    } catch {
      return null; // another runner claimed the first run
    }
  }
  return reconcile({ now });
}

/** The report as `npm run admin -- reconcile` prints it. */
export function formatReport(r: ReconcileReport): string {
  const lines = [`reconciliation at ${r.at}`];
  if (r.upstreams.length === 0) lines.push("no upstreams configured");
  for (const u of r.upstreams) {
    lines.push(`\n${u.name} (${u.id}): ${u.checked} task(s) checked, ${u.findings.length} drift(s)`);
    if (u.error) lines.push(`  could not check every task: ${u.error}`);
    for (const f of u.findings)
      lines.push(
        `  ${f.outcome.toUpperCase()}\t${f.kind}\torder ${f.orderNo}\ttask ${f.upstreamTaskId ?? "-"}\t${f.detail}`,
      );
  }
  lines.push(`\n${r.resolved} earlier drift(s) resolved`);
  return lines.join("\n");
}
