// Mixdesk's own callback endpoint for Suno-style upstreams. Their callbacks are unsigned, so the
// URL we hand over carries the proof: `<relay task id>.<random secret>`, compared in constant time
// with the token stored on the RelayTask. The answer is fast and does no downloads: a final state
// is stored on the task (first writer wins, the same compare-and-set the poller uses) and the job
// is nudged; whoever runs the order copies the results. Repeated or late callbacks change nothing.
import "server-only";
import { randomBytes, timingSafeEqual } from "node:crypto";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { notFound } from "@/lib/errors";
import { orderQueued } from "@/lib/jobs/enqueue";
import { storeFinalState } from "@/lib/relays/relay-task";
import { parseSunoCallback } from "@/lib/relays/suno/client";

const TOKEN = /^([A-Za-z0-9_-]{1,64})\.([A-Za-z0-9_-]{32,128})$/;
const OPEN = ["submitting", "submitted", "abandoned"];

/** Gives the task its callback token (once; a second caller gets the first one's) and returns the URL. */
export async function sunoCallbackUrl(relayTaskId: string): Promise<string> {
  const token = `${relayTaskId}.${randomBytes(24).toString("base64url")}`;
  await db.relayTask.updateMany({ where: { id: relayTaskId, callbackToken: null }, data: { callbackToken: token } });
  const row = await db.relayTask.findUniqueOrThrow({ where: { id: relayTaskId }, select: { callbackToken: true } });
  return `${env().PUBLIC_BASE_URL}/api/relays/suno/callback/${row.callbackToken}`;
}

export type CallbackOutcome = "stored" | "progress" | "ignored";

export async function acceptSunoCallback(token: string, body: unknown): Promise<CallbackOutcome> {
  const m = TOKEN.exec(token);
  const row = m ? await db.relayTask.findUnique({ where: { id: m[1] } }) : null;
  const given = Buffer.from(token);
  const expected = Buffer.from(row?.callbackToken ?? "");
  if (!row || given.length !== expected.length || !timingSafeEqual(given, expected)) {
    throw notFound("No such callback");
  }
  const parsed = parseSunoCallback(body);
  // A body we cannot read, or one about another task (the upstream mixed up URLs): nothing to do,
  // but the upstream is told it arrived so it does not keep calling.
  if (!parsed || (row.upstreamTaskId !== null && parsed.taskId !== row.upstreamTaskId)) return "ignored";
  const { state } = parsed;
  if (state.status === "succeeded" || state.status === "failed") {
    const { won } = await storeFinalState(row.id, state);
    if (!won) return "ignored";
    await orderQueued(row.orderId);
    return "stored";
  }
  await db.relayTask.updateMany({ where: { id: row.id, state: { in: OPEN } }, data: { upstreamStatus: state.raw } });
  return "progress";
}
