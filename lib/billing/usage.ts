// Admin usage: credits charged and minutes of media processed per UTC day, by order type, team and
// user, over a range of days. Written with Prisma queries only (no raw SQL), like every other
// service, so it runs unchanged on SQLite and PostgreSQL: rows are read a page at a time and
// grouped here, which also keeps day buckets identical on both (no per-database date functions).
import "server-only";
import { db } from "@/lib/db";
import type { UsageQuery } from "@/lib/contracts/credits";

const DAY_MS = 86_400_000;
const PAGE = 2000;

/** The finest grain: one day, order type, team and user. Everything else is summed from these. */
type Cell = {
  date: string;
  type: string;
  teamId: string | null;
  userId: string;
  credits: number;
  seconds: number;
  charges: number;
};

const dayOf = (d: Date) => d.toISOString().slice(0, 10);

async function* pages<T extends { id: string }>(read: (cursor: string | undefined) => Promise<T[]>) {
  let cursor: string | undefined;
  for (;;) {
    const rows = await read(cursor);
    if (rows.length) yield rows;
    if (rows.length < PAGE) return;
    cursor = rows[rows.length - 1].id;
  }
}

// Pages in id order: the next page starts after the last id seen.
const after = (cursor: string | undefined) => (cursor ? { id: { gt: cursor } } : {});

async function cells(q: UsageQuery): Promise<Cell[]> {
  const range = { gte: new Date(`${q.from}T00:00:00Z`), lt: new Date(Date.parse(`${q.to}T00:00:00Z`) + DAY_MS) };
  const grid = new Map<string, Cell>();
  const cell = (date: string, type: string, teamId: string | null, userId: string) => {
    const key = `${date}\u0000${type}\u0000${teamId ?? ""}\u0000${userId}`;
    const found = grid.get(key);
    if (found) return found;
    const c = { date, type, teamId, userId, credits: 0, seconds: 0, charges: 0 };
    grid.set(key, c);
    return c;
  };

  // Credits: what was charged (captures) less refunds, by the day it happened.
  for await (const rows of pages((cursor) =>
    db.ledgerEntry.findMany({
      where: { createdAt: range, spentDelta: { not: 0 }, ...after(cursor) },
      orderBy: { id: "asc" },
      take: PAGE,
      select: { id: true, createdAt: true, userId: true, spentDelta: true, kind: true, ref: true },
    }),
  )) {
    const orderNos = rows.flatMap((r) => (r.ref?.startsWith("order:") ? [r.ref.slice(6)] : []));
    const parseIds = rows.flatMap((r) => (r.ref?.startsWith("short-video:") ? [r.ref.slice(12)] : []));
    const [orders, parses] = await Promise.all([
      orderNos.length
        ? db.order.findMany({
            where: { orderNo: { in: orderNos } },
            select: { orderNo: true, type: true, teamId: true },
          })
        : [],
      parseIds.length
        ? db.shortVideoParse.findMany({ where: { id: { in: parseIds } }, select: { id: true, teamId: true } })
        : [],
    ]);
    const orderBy = new Map(orders.map((o) => [o.orderNo, o]));
    const parseBy = new Map(parses.map((p) => [p.id, p]));
    for (const r of rows) {
      let type = "other";
      let teamId: string | null = null;
      if (r.ref?.startsWith("order:")) {
        const o = orderBy.get(r.ref.slice(6));
        type = o?.type ?? "other";
        teamId = o?.teamId ?? null;
      } else if (r.ref?.startsWith("short-video:")) {
        type = "short-video";
        teamId = parseBy.get(r.ref.slice(12))?.teamId ?? null;
      }
      const c = cell(dayOf(r.createdAt), type, teamId, r.userId);
      c.credits += r.spentDelta;
      if (r.kind === "capture") c.charges += 1;
    }
  }

  // Minutes: the measured length of every order that finished in the range.
  for await (const rows of pages((cursor) =>
    db.order.findMany({
      where: { finishedAt: range, status: "finish", durationSec: { not: null }, ...after(cursor) },
      orderBy: { id: "asc" },
      take: PAGE,
      select: { id: true, finishedAt: true, type: true, teamId: true, userId: true, durationSec: true },
    }),
  )) {
    for (const o of rows) {
      if (!o.finishedAt) continue;
      cell(dayOf(o.finishedAt), o.type, o.teamId, o.userId).seconds += o.durationSec ?? 0;
    }
  }
  return [...grid.values()];
}

const minutes = (seconds: number) => Math.round((seconds / 60) * 10) / 10;

function daysBetween(from: string, to: string) {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`); t <= Date.parse(`${to}T00:00:00Z`); t += DAY_MS)
    out.push(dayOf(new Date(t)));
  return out;
}

type Sum = { credits: number; seconds: number; charges: number };
const add = (to: Sum, c: Sum) => {
  to.credits += c.credits;
  to.seconds += c.seconds;
  to.charges += c.charges;
};
const zero = (): Sum => ({ credits: 0, seconds: 0, charges: 0 });

async function names(grid: Cell[]) {
  const teamIds = [...new Set(grid.flatMap((c) => (c.teamId ? [c.teamId] : [])))];
  const userIds = [...new Set(grid.map((c) => c.userId))];
  const [teams, users] = await Promise.all([
    db.team.findMany({ where: { id: { in: teamIds } }, select: { id: true, name: true } }),
    db.user.findMany({ where: { id: { in: userIds } }, select: { id: true, email: true, name: true } }),
  ]);
  return { teams: new Map(teams.map((t) => [t.id, t.name])), users: new Map(users.map((u) => [u.id, u])) };
}

/** The charts' data: per day and type, per team, the top users and the totals. */
export async function usageReport(q: UsageQuery) {
  const grid = await cells(q);
  const { teams, users } = await names(grid);
  const types = [...new Set(grid.map((c) => c.type))].sort();
  const daily = new Map(daysBetween(q.from, q.to).map((d) => [d, new Map<string, Sum>()]));
  const byTeam = new Map<string, Sum>();
  const byUser = new Map<string, Sum>();
  const totals = zero();
  for (const c of grid) {
    const day = daily.get(c.date);
    if (day) {
      if (!day.has(c.type)) day.set(c.type, zero());
      add(day.get(c.type) as Sum, c);
    }
    const team = c.teamId ?? "";
    if (!byTeam.has(team)) byTeam.set(team, zero());
    add(byTeam.get(team) as Sum, c);
    if (!byUser.has(c.userId)) byUser.set(c.userId, zero());
    add(byUser.get(c.userId) as Sum, c);
    add(totals, c);
  }
  const view = (s: Sum) => ({ credits: s.credits, minutes: minutes(s.seconds), orders: s.charges });
  const rank = (a: Sum, b: Sum) => b.credits - a.credits || b.seconds - a.seconds;
  return {
    from: q.from,
    to: q.to,
    types,
    days: [...daily].map(([date, perType]) => ({
      date,
      credits: Object.fromEntries(types.map((t) => [t, perType.get(t)?.credits ?? 0])),
      minutes: Object.fromEntries(types.map((t) => [t, minutes(perType.get(t)?.seconds ?? 0)])),
    })),
    byTeam: [...byTeam]
      .sort(([, a], [, b]) => rank(a, b))
      .map(([teamId, s]) => ({ teamId: teamId || null, name: teams.get(teamId) ?? null, ...view(s) })),
    topUsers: [...byUser]
      .sort(([, a], [, b]) => rank(a, b))
      .slice(0, 10)
      .map(([userId, s]) => ({
        userId,
        email: users.get(userId)?.email ?? "",
        name: users.get(userId)?.name ?? "",
        ...view(s),
      })),
    totals: view(totals),
  };
}

const text = (v: string | null | undefined) => {
  const s = v ?? "";
  return `"${(/^[=+\-@\t\r]/.test(s) ? `'${s}` : s).replace(/"/g, '""')}"`;
};

export const USAGE_CSV_HEADER = ["date", "orderType", "team", "email", "credits", "minutes", "orders"];

/** The same data at its finest grain (day × order type × team × user), for a spreadsheet. */
export async function usageCsv(q: UsageQuery) {
  const grid = await cells(q);
  const { teams, users } = await names(grid);
  grid.sort(
    (a, b) =>
      a.date.localeCompare(b.date) ||
      a.type.localeCompare(b.type) ||
      b.credits - a.credits ||
      a.userId.localeCompare(b.userId),
  );
  const lines = [USAGE_CSV_HEADER.join(",")];
  for (const c of grid) {
    lines.push(
      [
        c.date,
        text(c.type),
        text(c.teamId ? (teams.get(c.teamId) ?? c.teamId) : ""),
        text(users.get(c.userId)?.email ?? c.userId),
        c.credits,
        minutes(c.seconds),
        c.charges,
      ].join(","),
    );
  }
  return `${lines.join("\r\n")}\r\n`;
}
