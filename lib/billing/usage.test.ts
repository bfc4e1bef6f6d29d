import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { capture, grant, hold, refund } from "@/lib/billing/ledger";
import { USAGE_CSV_HEADER, usageCsv, usageReport } from "@/lib/billing/usage";
import { db } from "@/lib/db";

const DAY1 = "2026-03-01";
const DAY2 = "2026-03-02";

async function person(email: string, teamName: string) {
  const user = await db.user.create({
    data: { email: `${email}-${randomUUID().slice(0, 6)}@example.com`, name: email, passwordHash: "x" },
  });
  const team = await db.team.create({ data: { name: teamName } });
  await grant({ userId: user.id, amount: 1000, idempotencyKey: `seed:${user.id}` });
  return { userId: user.id, teamId: team.id, email: user.email };
}

/** A finished order charged `price` on `day`, `seconds` long. */
async function charged(
  who: { userId: string; teamId: string },
  type: string,
  price: number,
  seconds: number,
  day: string,
) {
  const orderNo = randomUUID().replace(/-/g, "").slice(0, 18);
  const at = new Date(`${day}T12:00:00Z`);
  await db.order.create({
    data: {
      orderNo,
      userId: who.userId,
      teamId: who.teamId,
      type,
      messageId: randomUUID(),
      pathKey: "https://example.com/a.mp3",
      holdAmount: price,
      cost: price,
      status: "finish",
      payStatus: "paid",
      durationSec: seconds,
      finishedAt: at,
    },
  });
  const ref = `order:${orderNo}`;
  await hold({ userId: who.userId, amount: price, idempotencyKey: `${ref}:hold`, ref });
  const c = await capture({ userId: who.userId, amount: price, idempotencyKey: `${ref}:capture`, ref });
  // The ledger stamps entries now; move the charge to the day under test.
  await db.ledgerEntry.update({ where: { id: c.id }, data: { createdAt: at } });
  return orderNo;
}

describe("admin usage", () => {
  let ann: Awaited<ReturnType<typeof person>>;
  let ben: Awaited<ReturnType<typeof person>>;
  beforeAll(async () => {
    ann = await person("ann", "Studio A");
    ben = await person("ben", "Studio B");
    await charged(ann, "track-separation", 15, 120, DAY1);
    await charged(ann, "extract-voice", 9, 30, DAY2);
    const refunded = await charged(ben, "track-separation", 10, 90, DAY2);
    const r = await refund({
      userId: ben.userId,
      amount: 4,
      idempotencyKey: `order:${refunded}:refund`,
      ref: `order:${refunded}`,
    });
    await db.ledgerEntry.update({ where: { id: r.id }, data: { createdAt: new Date(`${DAY2}T13:00:00Z`) } });
    // Outside the range: not counted.
    await charged(ben, "track-separation", 50, 600, "2026-03-05");
  });

  it("sums credits (net of refunds) and minutes per day and order type", async () => {
    const report = await usageReport({ from: DAY1, to: "2026-03-03" });
    expect(report.days.map((d) => d.date)).toEqual([DAY1, DAY2, "2026-03-03"]);
    expect(report.types).toEqual(["extract-voice", "track-separation"]);
    expect(report.days[0].credits).toEqual({ "extract-voice": 0, "track-separation": 15 });
    expect(report.days[1].credits).toEqual({ "extract-voice": 9, "track-separation": 6 });
    expect(report.days[1].minutes).toEqual({ "extract-voice": 0.5, "track-separation": 1.5 });
    expect(report.days[2].credits).toEqual({ "extract-voice": 0, "track-separation": 0 });
    expect(report.totals).toEqual({ credits: 30, minutes: 4, orders: 3 });
  });

  it("ranks teams and users by credits", async () => {
    const report = await usageReport({ from: DAY1, to: DAY2 });
    expect(report.byTeam).toEqual([
      { teamId: ann.teamId, name: "Studio A", credits: 24, minutes: 2.5, orders: 2 },
      { teamId: ben.teamId, name: "Studio B", credits: 6, minutes: 1.5, orders: 1 },
    ]);
    expect(report.topUsers.map((u) => [u.email, u.credits])).toEqual([
      [ann.email, 24],
      [ben.email, 6],
    ]);
  });

  it("the CSV has one row per day, type, team and user that adds up to the report", async () => {
    const csv = (await usageCsv({ from: DAY1, to: DAY2 })).trim().split("\r\n");
    expect(csv[0]).toBe(USAGE_CSV_HEADER.join(","));
    const rows = csv.slice(1).map((l) => l.split(","));
    expect(rows).toHaveLength(3);
    expect(rows[0]).toEqual([DAY1, '"track-separation"', '"Studio A"', `"${ann.email}"`, "15", "2", "1"]);
    expect(rows.reduce((s, r) => s + Number(r[4]), 0)).toBe(30);
    expect(rows.reduce((s, r) => s + Number(r[5]), 0)).toBe(4);
  });
});
