// Admin "Engines" → relays: upstreams (the key sealed on the way in and never handed out again),
// per-type routes, connection tests, health and the drift reconciliation found. Every write answers
// the whole RelaysView so the page replaces what it shows in one step.
import "server-only";
import { z } from "zod";
import {
  type createUpstreamSchema,
  type DriftView,
  KIND_SERVES,
  ROUTABLE_TYPES,
  type RelaysView,
  type RoutableType,
  type RouteStep,
  type UpstreamHealth,
  type UpstreamView,
  type updateRoutesSchema,
  type updateUpstreamSchema,
} from "@/lib/contracts/relays";
import { db } from "@/lib/db";
import { badRequest, conflict, notFound } from "@/lib/errors";
import { listPrices } from "@/lib/orders/pricing";
import { keyHint, relayKeysConfigured, sealedWith, sealKey } from "@/lib/relays/crypto";
import { connectionTests } from "@/lib/relays/connection-tests";
import { recordBalance, recordCall, redact } from "@/lib/relays/health";
import { LAST_RECONCILE_KEY, reconcile } from "@/lib/relays/reconcile";
import { readRoutes, upstreamIdOf, writeRoutes } from "@/lib/relays/routes";
import { credsOf } from "@/lib/relays/upstreams";
import { UpstreamError, type UpstreamErrorKind, type UpstreamKind } from "@/lib/relays/types";

type Upstream = Awaited<ReturnType<typeof db.upstream.findFirstOrThrow>>;
type CreateInput = z.output<typeof createUpstreamSchema>;
type UpdateInput = z.output<typeof updateUpstreamSchema>;
type RoutesInput = z.output<typeof updateRoutesSchema>;

const DAY_MS = 86_400_000;
/** Relay tasks still in flight at an upstream: deleting it would lose their exactly-once record. */
const OPEN_TASK_STATES = ["submitting", "submitted"];

const costsSchema = z.record(z.string(), z.number());

function parseCosts(json: string): Partial<Record<RoutableType, number>> {
  try {
    const parsed = costsSchema.safeParse(JSON.parse(json));
    if (!parsed.success) return {};
    return Object.fromEntries(
      Object.entries(parsed.data).filter(([t]) => (ROUTABLE_TYPES as readonly string[]).includes(t)),
    ) as Partial<Record<RoutableType, number>>;
  } catch {
    return {};
  }
}

/** Costs may only name types this kind can serve (a cost for anything else would be a typo). */
function checkCosts(kind: UpstreamKind, costs: Partial<Record<RoutableType, number>> | undefined) {
  if (!costs) return;
  const serves = KIND_SERVES[kind];
  for (const t of Object.keys(costs) as RoutableType[]) {
    if (!serves.includes(t))
      throw badRequest(`A ${kind} upstream does not serve ${t}`, { [`costs.${t}`]: "not served by this kind" });
  }
}

function percentile(sorted: number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

async function healthOf(upstreams: Upstream[], now: Date): Promise<Map<string, UpstreamHealth>> {
  const calls = await db.upstreamCall.findMany({
    where: { upstreamId: { in: upstreams.map((u) => u.id) }, createdAt: { gte: new Date(now.getTime() - DAY_MS) } },
    select: { upstreamId: true, ok: true, latencyMs: true },
  });
  const out = new Map<string, UpstreamHealth>();
  for (const u of upstreams) {
    const mine = calls.filter((c) => c.upstreamId === u.id);
    const latencies = mine.map((c) => c.latencyMs).sort((a, b) => a - b);
    out.set(u.id, {
      lastSuccessAt: u.lastSuccessAt?.toISOString() ?? null,
      lastErrorAt: u.lastErrorAt?.toISOString() ?? null,
      lastError: u.lastError ? redact(u.lastError) : null,
      calls24h: mine.length,
      errorRate24h: mine.length ? mine.filter((c) => !c.ok).length / mine.length : null,
      latencyP50Ms: percentile(latencies, 50),
      latencyP95Ms: percentile(latencies, 95),
    });
  }
  return out;
}

function upstreamView(u: Upstream, health: UpstreamHealth): UpstreamView {
  return {
    id: u.id,
    name: u.name,
    kind: u.kind as UpstreamKind,
    baseUrl: u.baseUrl,
    keyHint: u.keyHint,
    model: u.model,
    enabled: u.enabled,
    outOfRotation: u.outOfRotation,
    outOfRotationAt: u.outOfRotationAt?.toISOString() ?? null,
    costs: parseCosts(u.costs),
    balance: u.balance,
    balanceAt: u.balanceAt?.toISOString() ?? null,
    health,
    keyUnreadable: sealedWith(u.keyCipher) === "none",
  };
}

export async function listDrift(limit = 200): Promise<DriftView[]> {
  const rows = await db.reconcileDrift.findMany({
    where: { resolvedAt: null },
    orderBy: { createdAt: "desc" },
    take: limit,
    include: { upstream: { select: { name: true } } },
  });
  return rows.map((d) => ({
    id: d.id,
    upstreamId: d.upstreamId,
    upstreamName: d.upstream.name,
    orderNo: d.orderNo,
    upstreamTaskId: d.upstreamTaskId,
    kind: d.kind,
    detail: d.detail,
    outcome: d.outcome === "repaired" ? "repaired" : "reported",
    createdAt: d.createdAt.toISOString(),
  }));
}

export async function relaysView(now = new Date()): Promise<RelaysView> {
  const [upstreams, routes, prices, drift, last] = await Promise.all([
    db.upstream.findMany({ orderBy: { name: "asc" } }),
    readRoutes(),
    listPrices(),
    listDrift(),
    db.setting.findUnique({ where: { key: LAST_RECONCILE_KEY } }),
  ]);
  const health = await healthOf(upstreams, now);
  // Reconciliation stores the time of its last run as a plain ISO string (a JSON string is read too).
  const raw = last?.value.replace(/^"|"$/g, "") ?? "";
  const lastReconcileAt = raw && !Number.isNaN(Date.parse(raw)) ? new Date(raw).toISOString() : null;
  return {
    keysConfigured: relayKeysConfigured(),
    upstreams: upstreams.map((u) => upstreamView(u, health.get(u.id) as UpstreamHealth)),
    routes,
    prices: Object.fromEntries(
      prices
        .filter((p) => (ROUTABLE_TYPES as readonly string[]).includes(p.orderType))
        .map((p) => [p.orderType, p.baseCredits]),
    ),
    drift,
    lastReconcileAt,
  };
}

const isUniqueViolation = (e: unknown) => (e as { code?: unknown } | null)?.code === "P2002";
const nameTaken = (name: string) => conflict(`An upstream named "${name}" already exists`, { name: "already taken" });

async function mustFind(id: string): Promise<Upstream> {
  const u = await db.upstream.findUnique({ where: { id } });
  if (!u) throw notFound("No such upstream");
  return u;
}

export async function createUpstream(input: CreateInput): Promise<RelaysView> {
  checkCosts(input.kind, input.costs);
  const keyCipher = sealKey(input.apiKey);
  try {
    await db.upstream.create({
      data: {
        name: input.name,
        kind: input.kind,
        baseUrl: input.baseUrl.replace(/\/+$/, ""),
        keyCipher,
        keyHint: keyHint(input.apiKey),
        model: input.model ?? null,
        costs: JSON.stringify(input.costs ?? {}),
      },
    });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(input.name);
    throw e;
  }
  return relaysView();
}

export async function updateUpstream(id: string, patch: UpdateInput): Promise<RelaysView> {
  const u = await mustFind(id);
  checkCosts(u.kind as UpstreamKind, patch.costs);
  const data: Parameters<typeof db.upstream.update>[0]["data"] = {};
  if (patch.name !== undefined) data.name = patch.name;
  if (patch.baseUrl !== undefined) data.baseUrl = patch.baseUrl.replace(/\/+$/, "");
  if (patch.model !== undefined) data.model = patch.model;
  if (patch.costs !== undefined) data.costs = JSON.stringify(patch.costs);
  if (patch.apiKey !== undefined) {
    data.keyCipher = sealKey(patch.apiKey);
    data.keyHint = keyHint(patch.apiKey);
  }
  if (patch.enabled !== undefined) data.enabled = patch.enabled;
  // Switching it on is the admin saying "use it again": it also comes back from out of rotation.
  if (patch.enabled === true) Object.assign(data, { outOfRotation: null, outOfRotationAt: null });
  try {
    await db.upstream.update({ where: { id }, data });
  } catch (e) {
    if (isUniqueViolation(e)) throw nameTaken(patch.name ?? u.name);
    throw e;
  }
  return relaysView();
}

/** Refused while a relay task is in flight there; its steps leave every route (an emptied route is local). */
export async function deleteUpstream(actorId: string, id: string): Promise<RelaysView> {
  await mustFind(id);
  const open = await db.relayTask.count({ where: { upstreamId: id, state: { in: OPEN_TASK_STATES } } });
  if (open > 0)
    throw conflict(`${open} order(s) are still running at this upstream; switch it off and delete it when they end`);
  const routes = await readRoutes();
  const changed: Partial<Record<RoutableType, RouteStep[]>> = {};
  for (const t of ROUTABLE_TYPES) {
    const kept = routes[t].filter((s) => upstreamIdOf(s) !== id);
    if (kept.length !== routes[t].length) changed[t] = kept.length ? kept : ["local"];
  }
  if (Object.keys(changed).length) await writeRoutes(actorId, changed);
  await db.upstream.delete({ where: { id } });
  return relaysView();
}

/** Every upstream step must name an existing upstream whose kind serves the type. */
export async function updateRoutes(actorId: string, patch: RoutesInput): Promise<RelaysView> {
  const entries = Object.entries(patch) as [RoutableType, RouteStep[]][];
  const ids = [...new Set(entries.flatMap(([, steps]) => steps.map(upstreamIdOf).filter((x): x is string => !!x)))];
  const found = await db.upstream.findMany({
    where: { id: { in: ids } },
    select: { id: true, name: true, kind: true },
  });
  const byId = new Map(found.map((u) => [u.id, u]));
  const fields: Record<string, string> = {};
  for (const [type, steps] of entries) {
    for (const step of steps) {
      const id = upstreamIdOf(step);
      if (!id) continue;
      const u = byId.get(id);
      if (!u) fields[type] = `no upstream with id ${id}`;
      else if (!KIND_SERVES[u.kind as UpstreamKind]?.includes(type))
        fields[type] = `${u.name} (${u.kind}) cannot serve ${type}`;
    }
  }
  if (Object.keys(fields).length) throw badRequest(Object.values(fields).join("; "), fields);
  await writeRoutes(actorId, patch);
  return relaysView();
}

export type ConnectionResult = {
  ok: boolean;
  latencyMs: number;
  balance: number | null;
  /** The failure, redacted: unavailable | bad_request | insufficient_balance | auth | not_found, and what it said. */
  error: { kind: UpstreamErrorKind; message: string } | null;
  view: RelaysView;
};

const TEST_TIMEOUT_MS = 20_000;

/**
 * Calls the kind's connection test (its balance/credit endpoint where it has one). A success
 * records the balance and puts an upstream that had left rotation back in; a failure is an answer,
 * not an error, so the page can show it beside the upstream.
 */
export async function testConnection(id: string, signal?: AbortSignal): Promise<ConnectionResult> {
  const u = await mustFind(id);
  const test = connectionTests[u.kind as UpstreamKind];
  if (!test) throw badRequest(`No connection test for ${u.kind} upstreams`);
  const creds = credsOf(u); // a key no configured master key opens fails here, with a readable message
  const started = Date.now();
  const timeout = AbortSignal.timeout(TEST_TIMEOUT_MS);
  try {
    const { balance } = await test(creds, signal ? AbortSignal.any([signal, timeout]) : timeout);
    const latencyMs = Date.now() - started;
    await recordCall(u.id, "balance", true, 200, latencyMs);
    await recordBalance(u.id, balance);
    await db.upstream.updateMany({
      where: { id: u.id, outOfRotation: { not: null } },
      data: { outOfRotation: null, outOfRotationAt: null },
    });
    return { ok: true, latencyMs, balance, error: null, view: await relaysView() };
  } catch (e) {
    const latencyMs = Date.now() - started;
    const kind: UpstreamErrorKind = e instanceof UpstreamError ? e.kind : "unavailable";
    const message = redact(e instanceof Error ? e.message : String(e), [creds.apiKey]);
    await recordCall(u.id, "balance", false, e instanceof UpstreamError ? e.httpStatus : null, latencyMs, message, [
      creds.apiKey,
    ]);
    return { ok: false, latencyMs, balance: null, error: { kind, message }, view: await relaysView() };
  }
}

export type ReconcileOutcome = {
  at: string;
  checked: number;
  repaired: number;
  reported: number;
  resolved: number;
  /** Upstreams that could not be asked (redacted), by name. */
  errors: { name: string; error: string }[];
  view: RelaysView;
};

/** "Run reconciliation now": the scheduled comparison, at once, with its counts for the page. */
export async function reconcileNow(): Promise<ReconcileOutcome> {
  const r = await reconcile();
  const findings = r.upstreams.flatMap((u) => u.findings);
  return {
    at: r.at,
    checked: r.upstreams.reduce((n, u) => n + u.checked, 0),
    repaired: findings.filter((f) => f.outcome === "repaired").length,
    reported: findings.filter((f) => f.outcome === "reported").length,
    resolved: r.resolved,
    errors: r.upstreams.filter((u) => u.error).map((u) => ({ name: u.name, error: redact(u.error ?? "") })),
    view: await relaysView(),
  };
}
