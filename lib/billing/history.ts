// Reading the ledger: a person's own credit history, the admin listing with filters, and the CSV
// export. Every row carries the signed changes it made (available balance, held) as written by
// ledger.ts, so a user's rows sum to their balance, and what it was for (the order, with a link).
import "server-only";
import { db, type Prisma } from "@/lib/db";
import type { LedgerFilter, LedgerListQuery, MyCreditsQuery } from "@/lib/contracts/credits";

const DAY_MS = 86_400_000;

function ledgerWhere(f: LedgerFilter): Prisma.LedgerEntryWhereInput {
  return {
    ...(f.userId ? { userId: f.userId } : {}),
    ...(f.kind ? { kind: f.kind } : {}),
    ...(f.from || f.to
      ? {
          createdAt: {
            ...(f.from ? { gte: new Date(`${f.from}T00:00:00Z`) } : {}),
            ...(f.to ? { lt: new Date(Date.parse(`${f.to}T00:00:00Z`) + DAY_MS) } : {}),
          },
        }
      : {}),
  };
}

/** What an entry is about, as a page can link to it. */
export type LedgerSubject =
  | { kind: "order"; orderNo: string; orderType: string | null; href: string }
  | { kind: "short-video"; href: string }
  | null;

type RefRow = { ref: string | null };

/** Resolves `order:<orderNo>` and `short-video:<id>` refs of a page of entries in one query. */
async function subjectsOf(rows: RefRow[]): Promise<Map<string, LedgerSubject>> {
  const orderNos = [
    ...new Set(rows.flatMap((r) => (r.ref?.startsWith("order:") ? [r.ref.slice("order:".length)] : []))),
  ];
  const orders = orderNos.length
    ? await db.order.findMany({
        where: { orderNo: { in: orderNos } },
        select: { orderNo: true, type: true, musicTask: { select: { taskId: true } } },
      })
    : [];
  const byNo = new Map(orders.map((o) => [o.orderNo, o]));
  const out = new Map<string, LedgerSubject>();
  for (const { ref } of rows) {
    if (!ref || out.has(ref)) continue;
    if (ref.startsWith("order:")) {
      const orderNo = ref.slice("order:".length);
      const o = byNo.get(orderNo);
      // Music tasks are orders inside; their page is the task's.
      const href = o?.musicTask
        ? `/music/${encodeURIComponent(o.musicTask.taskId)}`
        : `/orders/${encodeURIComponent(orderNo)}`;
      out.set(ref, { kind: "order", orderNo, orderType: o?.type ?? null, href });
    } else if (ref.startsWith("short-video:")) {
      out.set(ref, { kind: "short-video", href: "/short-video" });
    }
  }
  return out;
}

const entrySelect = {
  id: true,
  kind: true,
  amount: true,
  balanceDelta: true,
  heldDelta: true,
  spentDelta: true,
  balanceAfter: true,
  heldAfter: true,
  reason: true,
  ref: true,
  createdAt: true,
  actorId: true,
} as const;

/** One person's own ledger rows, newest first. Reasons are shown only where an admin wrote them:
 * the system's own (English) reasons are replaced by the page's words for the kind. */
export async function myCreditHistory(userId: string, q: Pick<MyCreditsQuery, "page" | "pageSize">) {
  const where = { userId };
  const [rows, total] = await Promise.all([
    db.ledgerEntry.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      select: entrySelect,
    }),
    db.ledgerEntry.count({ where }),
  ]);
  const subjects = await subjectsOf(rows);
  return {
    entries: rows.map(({ actorId, reason, ...e }) => ({
      ...e,
      kind: e.kind as string,
      byAdmin: actorId !== null,
      note: actorId !== null ? reason : null,
      subject: e.ref ? (subjects.get(e.ref) ?? null) : null,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

/** The dashboard's numbers: balance, held, spent this month (net of refunds) and recent orders. */
export async function myCreditSummary(user: { id: string; teamId: string }, monthStart?: string) {
  const now = new Date();
  const since = monthStart ? new Date(monthStart) : new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  const [credits, month, recentOrders] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: user.id }, select: { balance: true, held: true, spent: true } }),
    db.ledgerEntry.aggregate({
      where: { userId: user.id, createdAt: { gte: since } },
      _sum: { spentDelta: true },
    }),
    db.order.findMany({
      where: { userId: user.id, teamId: user.teamId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: 5,
      select: {
        orderNo: true,
        type: true,
        status: true,
        payStatus: true,
        cost: true,
        holdAmount: true,
        createdAt: true,
        musicTask: { select: { taskId: true } },
      },
    }),
  ]);
  return {
    ...credits,
    monthSpent: month._sum.spentDelta ?? 0,
    monthStart: since,
    recentOrders: recentOrders.map(({ musicTask, ...o }) => ({
      ...o,
      href: musicTask ? `/music/${encodeURIComponent(musicTask.taskId)}` : `/orders/${encodeURIComponent(o.orderNo)}`,
    })),
  };
}

/** Every user's entries for administrators, filtered by user, kind and UTC days. */
export async function listLedger(q: LedgerListQuery) {
  const where = ledgerWhere(q);
  const [rows, total] = await Promise.all([
    db.ledgerEntry.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (q.page - 1) * q.pageSize,
      take: q.pageSize,
      include: { user: { select: { email: true } }, actor: { select: { email: true } } },
    }),
    db.ledgerEntry.count({ where }),
  ]);
  const subjects = await subjectsOf(rows);
  return {
    entries: rows.map(({ user, actor, ...e }) => ({
      ...e,
      kind: e.kind as string,
      userEmail: user.email,
      actorEmail: actor?.email ?? null,
      subject: e.ref ? (subjects.get(e.ref) ?? null) : null,
    })),
    total,
    page: q.page,
    pageSize: q.pageSize,
  };
}

// Text cells are quoted, and a leading = + - @ is defused so a spreadsheet never runs it; numbers
// are written bare so that signed amounts stay numbers.
const text = (v: string | null | undefined) => {
  const s = v ?? "";
  return `"${(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
};

export const LEDGER_CSV_HEADER = [
  "createdAt",
  "email",
  "kind",
  "amount",
  "balanceChange",
  "heldChange",
  "spentChange",
  "balanceAfter",
  "heldAfter",
  "orderNo",
  "ref",
  "reason",
  "actor",
];

const CSV_PAGE = 500;

/** The filtered ledger as CSV lines (header first), newest first, read a page at a time so a long
 * ledger streams out without being held in memory. */
export async function* ledgerCsvLines(filter: LedgerFilter): AsyncGenerator<string> {
  yield `${LEDGER_CSV_HEADER.join(",")}\r\n`;
  const where = ledgerWhere(filter);
  let cursor: string | undefined;
  for (;;) {
    const rows = await db.ledgerEntry.findMany({
      where,
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      take: CSV_PAGE,
      ...(cursor ? { cursor: { id: cursor }, skip: 1 } : {}),
      include: { user: { select: { email: true } }, actor: { select: { email: true } } },
    });
    if (rows.length === 0) return;
    let chunk = "";
    for (const e of rows) {
      const orderNo = e.ref?.startsWith("order:") ? e.ref.slice("order:".length) : "";
      chunk += `${[
        e.createdAt.toISOString(),
        text(e.user.email),
        e.kind,
        e.amount,
        e.balanceDelta,
        e.heldDelta,
        e.spentDelta,
        e.balanceAfter,
        e.heldAfter,
        text(orderNo),
        text(e.ref),
        text(e.reason),
        text(e.actor?.email),
      ].join(",")}\r\n`;
    }
    yield chunk;
    if (rows.length < CSV_PAGE) return;
    cursor = rows[rows.length - 1].id;
  }
}

/** A generator of text as a streamed HTTP body. */
export function textStream(lines: AsyncGenerator<string>): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    async pull(controller) {
      const next = await lines.next();
      if (next.done) controller.close();
      else controller.enqueue(encoder.encode(next.value));
    },
    async cancel() {
      await lines.return(undefined);
    },
  });
}
