// TEMPORARY (relayadmin): stands in for relaycore's lib/relays/health.ts and upstreams.ts until
// that branch is merged; admin.ts then imports from those and this file goes.
import "server-only";
import { db } from "@/lib/db";
import { openKey } from "@/lib/relays/crypto";
import type { UpstreamCreds } from "@/lib/relays/types";

export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join("[redacted]");
  return out.replace(/\bbearer\s+[A-Za-z0-9._~+/=-]{6,}/gi, "Bearer [redacted]").slice(0, 500);
}

export async function recordCall(
  upstreamId: string,
  op: string,
  ok: boolean,
  httpStatus: number | null | undefined,
  latencyMs: number,
  error?: string,
  secrets: readonly string[] = [],
) {
  const now = new Date();
  await db.$transaction([
    db.upstreamCall.create({ data: { upstreamId, op, ok, httpStatus: httpStatus ?? null, latencyMs } }),
    db.upstream.updateMany({
      where: { id: upstreamId },
      data: ok ? { lastSuccessAt: now } : { lastErrorAt: now, lastError: redact(`${op}: ${error}`, secrets) },
    }),
  ]);
}

export async function recordBalance(upstreamId: string, balance: number | null | undefined) {
  if (typeof balance !== "number" || !Number.isFinite(balance)) return;
  await db.upstream.updateMany({ where: { id: upstreamId }, data: { balance, balanceAt: new Date() } });
}

export function credsOf(u: { baseUrl: string; keyCipher: string; model: string | null }): UpstreamCreds {
  return { baseUrl: u.baseUrl.replace(/\/+$/, ""), apiKey: openKey(u.keyCipher), model: u.model };
}
