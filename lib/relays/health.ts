// Every upstream call leaves a row (the admin page's error rate and latency) and moves the
// upstream's last success / last error. Error text is redacted before it is stored: an upstream may
// echo a key (a URL with ?apiKey=, a header dump) and nothing of a key may reach the admin page.
import "server-only";
import { db } from "@/lib/db";

export type CallOp = "submit" | "poll" | "balance" | "transcribe" | "analyze" | "download";

const KEEP_DAYS = 7;
let lastPrune = 0;

/** Strips anything shaped like a credential, and the given secrets verbatim, from a message. */
export function redact(text: string, secrets: readonly string[] = []): string {
  let out = text;
  for (const s of secrets) if (s && s.length >= 4) out = out.split(s).join("[redacted]");
  return out
    .replace(
      /(authorization|api[-_]?key|token|secret|password)(["']?\s*[:=]\s*["']?)(bearer\s+)?[^\s"'&,;]+/gi,
      "$1$2[redacted]",
    )
    .replace(/\bbearer\s+[A-Za-z0-9._~+/=-]{6,}/gi, "Bearer [redacted]")
    .replace(/\bsk-[A-Za-z0-9_-]{8,}/g, "[redacted]")
    .slice(0, 500);
}

export async function recordCall(
  upstreamId: string,
  op: CallOp,
  ok: boolean,
  httpStatus: number | null | undefined,
  latencyMs: number,
  error?: string,
  secrets: readonly string[] = [],
): Promise<void> {
  const now = new Date();
  await db.$transaction([
    db.upstreamCall.create({
      data: { upstreamId, op, ok, httpStatus: httpStatus ?? null, latencyMs: Math.max(0, Math.round(latencyMs)) },
    }),
    db.upstream.updateMany({
      where: { id: upstreamId },
      data: ok
        ? { lastSuccessAt: now }
        : { lastErrorAt: now, lastError: redact(`${op}: ${error ?? `HTTP ${httpStatus ?? "?"}`}`, secrets) },
    }),
  ]);
  if (Date.now() - lastPrune > 3_600_000) {
    lastPrune = Date.now();
    await pruneCalls().catch(() => undefined);
  }
}

/** Remembers the balance an upstream reported with an answer. */
export async function recordBalance(upstreamId: string, balance: number | null | undefined) {
  if (typeof balance !== "number" || !Number.isFinite(balance)) return;
  await db.upstream.updateMany({ where: { id: upstreamId }, data: { balance, balanceAt: new Date() } });
}

/** The upstream took itself out (e.g. insufficient_balance): routes skip it until an admin or a
 * successful connection test puts it back. The first reason stays. */
export async function takeOutOfRotation(id: string, reason: string): Promise<boolean> {
  const { count } = await db.upstream.updateMany({
    where: { id, outOfRotation: null },
    data: { outOfRotation: redact(reason), outOfRotationAt: new Date() },
  });
  if (count === 1) console.warn(`[relays] upstream ${id} left rotation: ${redact(reason)}`);
  return count === 1;
}

export async function pruneCalls(now = new Date()): Promise<number> {
  const { count } = await db.upstreamCall.deleteMany({
    where: { createdAt: { lt: new Date(now.getTime() - KEEP_DAYS * 86_400_000) } },
  });
  return count;
}
