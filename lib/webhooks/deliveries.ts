// Outgoing events (Music API callbacks and team webhooks) as rows: enqueued in the transaction that
// makes the event true, then POSTed by the job runner's pump through the SSRF-safe fetcher, signed
// per attempt, retried with exponential backoff until a 2xx or WEBHOOK_MAX_ATTEMPTS.
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { safeFetch } from "@/lib/media/safe-fetch";
import { deliveriesQueued } from "@/lib/jobs/enqueue";
import {
  DELIVERY_HEADER,
  EVENT_HEADER,
  SIGNATURE_HEADER,
  TIMESTAMP_HEADER,
  sign,
  teamSecret,
} from "@/lib/webhooks/secret";

export type DeliveryKind = "callback" | "webhook";

export type NewDelivery = {
  teamId: string;
  orderId?: string | null;
  kind: DeliveryKind;
  event: string;
  url: string;
  body: unknown;
};

const leaseEnd = () => new Date(Date.now() + (env().WEBHOOK_TIMEOUT_SECONDS + 30) * 1000);

/** Records an event to send. `claimed`: the caller sends the first attempt itself (deliverNow). */
export async function enqueueDelivery(d: NewDelivery, tx?: Tx, opts: { claimed?: boolean } = {}) {
  const row = await (tx ?? db).webhookDelivery.create({
    data: {
      teamId: d.teamId,
      orderId: d.orderId ?? null,
      kind: d.kind,
      event: d.event,
      url: d.url,
      body: JSON.stringify(d.body),
      leaseUntil: opts.claimed ? leaseEnd() : null,
    },
  });
  // Outside a transaction the row is visible now; inside, the caller's commit comes first and the
  // pump's next tick (or this wake, if it loses the race) picks it up.
  if (!opts.claimed) deliveriesQueued();
  return row;
}

type DeliveryRow = Awaited<ReturnType<typeof enqueueDelivery>>;

export function deliveryView(d: DeliveryRow) {
  return {
    id: d.id,
    event: d.event,
    url: d.url,
    attempt: d.attempt,
    status: d.status as "pending" | "delivered" | "failed",
    responseStatus: d.responseStatus,
    error: d.error,
    createdAt: d.createdAt,
    nextAttemptAt: d.status === "pending" ? d.nextAttemptAt : null,
  };
}

const backoffMs = (attempt: number) => env().WEBHOOK_BACKOFF_SECONDS * 1000 * 2 ** (attempt - 1);

/** One attempt at a claimed delivery; records the outcome and schedules the next try. */
async function attempt(d: DeliveryRow): Promise<DeliveryRow> {
  const e = env();
  const n = d.attempt + 1;
  let responseStatus: number | null = null;
  let error: string | null = null;
  try {
    const secret = await teamSecret(d.teamId);
    const timestamp = Math.floor(Date.now() / 1000);
    const res = await safeFetch(d.url, {
      postBody: d.body,
      timeoutMs: e.WEBHOOK_TIMEOUT_SECONDS * 1000,
      headers: {
        "content-type": "application/json",
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: sign(secret, timestamp, d.body),
        [EVENT_HEADER]: d.event,
        [DELIVERY_HEADER]: d.id,
      },
    });
    responseStatus = res.status;
    res.body.resume();
    if (res.status < 200 || res.status >= 300) error = `The receiver answered HTTP ${res.status}`;
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
  }
  const delivered = error === null;
  const exhausted = !delivered && n >= e.WEBHOOK_MAX_ATTEMPTS;
  const now = new Date();
  return db.webhookDelivery.update({
    where: { id: d.id },
    data: {
      attempt: n,
      responseStatus,
      error: error?.slice(0, 500) ?? null,
      status: delivered ? "delivered" : exhausted ? "failed" : "pending",
      deliveredAt: delivered ? now : null,
      nextAttemptAt: delivered || exhausted ? now : new Date(now.getTime() + backoffMs(n)),
      leaseUntil: null,
    },
  });
}

/** Takes a due delivery for this process (compare-and-set on its lease). */
async function claim(id: string, leaseUntil: Date | null): Promise<DeliveryRow | null> {
  const won = await db.webhookDelivery.updateMany({
    where: { id, status: "pending", leaseUntil },
    data: { leaseUntil: leaseEnd() },
  });
  return won.count === 1 ? db.webhookDelivery.findUnique({ where: { id } }) : null;
}

let pumping = false;
let poke: (() => void) | null = null;

/** Attempts in flight at once, and at most this many to one host, so a receiver that never answers
 * (a tarpit) holds a few slots for WEBHOOK_TIMEOUT_SECONDS while every other team's events go on. */
export const PUMP_POOL = 10;
export const PUMP_PER_HOST = 2;
const SCAN_LIMIT = 500;

function hostOf(url: string) {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

/**
 * Sends every due delivery once, refilling a small pool as each attempt finishes. Called from the
 * job runner's tick and on wake; a call while the pump runs asks it to look for new rows at once.
 */
export async function pumpDeliveries(pool = PUMP_POOL, perHost = PUMP_PER_HOST): Promise<number> {
  if (pumping) {
    poke?.();
    return 0;
  }
  pumping = true;
  let sent = 0;
  const inFlight = new Map<string, Promise<void>>();
  const perHostNow = new Map<string, number>();

  const start = (d: DeliveryRow) => {
    const host = hostOf(d.url);
    perHostNow.set(host, (perHostNow.get(host) ?? 0) + 1);
    const done = attempt(d)
      .then(
        () => undefined,
        (err) => console.error("[webhooks] delivery failed to record", err),
      )
      .finally(() => {
        inFlight.delete(d.id);
        perHostNow.set(host, (perHostNow.get(host) ?? 1) - 1);
        sent++;
      });
    inFlight.set(d.id, done);
  };

  // Claims due rows (oldest first) into free slots, skipping hosts at their cap. Claimed rows carry a
  // lease, so the ones in flight no longer match the query.
  const refill = async () => {
    const now = new Date();
    let skip = 0;
    while (inFlight.size < pool && skip < SCAN_LIMIT) {
      const due = await db.webhookDelivery.findMany({
        where: {
          status: "pending",
          nextAttemptAt: { lte: now },
          OR: [{ leaseUntil: null }, { leaseUntil: { lt: now } }],
        },
        orderBy: [{ nextAttemptAt: "asc" }, { id: "asc" }],
        skip,
        take: 50,
        select: { id: true, leaseUntil: true, url: true },
      });
      let claimed = 0;
      for (const d of due) {
        if (inFlight.size >= pool) return;
        if ((perHostNow.get(hostOf(d.url)) ?? 0) >= perHost) continue;
        const row = await claim(d.id, d.leaseUntil);
        if (row) {
          claimed++;
          start(row);
        }
      }
      if (due.length < 50) return;
      // Rows just claimed carry a lease and leave the result set; the skipped ones stay in it.
      skip += due.length - claimed;
    }
  };

  try {
    for (;;) {
      await refill();
      if (inFlight.size === 0) return sent;
      const poked = new Promise<void>((resolve) => {
        poke = resolve;
      });
      await Promise.race([...inFlight.values(), poked]);
      poke = null;
    }
  } finally {
    poke = null;
    pumping = false;
  }
}

/** Sends the first attempt of a row enqueued with `claimed` (the "send test event" button) and
 * answers its outcome; later attempts are the pump's. */
export async function deliverNow(row: DeliveryRow) {
  return deliveryView(await attempt(row));
}
