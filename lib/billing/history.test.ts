import { randomUUID } from "node:crypto";
import { beforeAll, describe, expect, it } from "vitest";
import { LEDGER_CSV_HEADER, ledgerCsvLines, listLedger, myCreditHistory, myCreditSummary } from "@/lib/billing/history";
import { adjust, capture, grant, hold, release } from "@/lib/billing/ledger";
import { db } from "@/lib/db";

async function person(name: string) {
  const user = await db.user.create({
    data: { email: `${name}-${randomUUID().slice(0, 6)}@example.com`, name, passwordHash: "x" },
  });
  const team = await db.team.create({ data: { name: `${name}'s team` } });
  return { user, team };
}

async function order(userId: string, teamId: string, holdAmount: number) {
  const orderNo = randomUUID().replace(/-/g, "").slice(0, 18);
  await db.order.create({
    data: {
      orderNo,
      userId,
      teamId,
      type: "track-separation",
      messageId: randomUUID(),
      pathKey: "https://example.com/a.mp3",
      holdAmount,
    },
  });
  return orderNo;
}

async function allCsv(filter: Parameters<typeof ledgerCsvLines>[0]) {
  let out = "";
  for await (const chunk of ledgerCsvLines(filter)) out += chunk;
  return out.split("\r\n").filter(Boolean);
}

describe("credit history", () => {
  let alice: Awaited<ReturnType<typeof person>>;
  let bob: Awaited<ReturnType<typeof person>>;
  let paid: string;
  let failed: string;
  let adminId: string;

  beforeAll(async () => {
    alice = await person("alice");
    bob = await person("bob");
    adminId = (await person("admin")).user.id;
    await grant({
      userId: alice.user.id,
      amount: 100,
      idempotencyKey: `g:${alice.user.id}`,
      actorId: adminId,
      reason: "Welcome",
    });
    paid = await order(alice.user.id, alice.team.id, 10);
    const ref = `order:${paid}`;
    await hold({ userId: alice.user.id, amount: 5, idempotencyKey: `${ref}:hold`, ref, reason: "Order created" });
    await hold({
      userId: alice.user.id,
      amount: 5,
      idempotencyKey: `${ref}:hold-to:10`,
      ref,
      reason: "Measured 61.0 s of media",
    });
    await capture({
      userId: alice.user.id,
      amount: 10,
      idempotencyKey: `${ref}:capture`,
      ref,
      reason: "Order finished",
    });
    failed = await order(alice.user.id, alice.team.id, 5);
    await hold({ userId: alice.user.id, amount: 5, idempotencyKey: `order:${failed}:hold`, ref: `order:${failed}` });
    await release({
      userId: alice.user.id,
      amount: 5,
      idempotencyKey: `order:${failed}:release`,
      ref: `order:${failed}`,
    });
    // Still running: held, not yet charged.
    const running = await order(alice.user.id, alice.team.id, 7);
    await hold({ userId: alice.user.id, amount: 7, idempotencyKey: `order:${running}:hold`, ref: `order:${running}` });
    await adjust({
      userId: alice.user.id,
      amount: -3,
      idempotencyKey: `a:${alice.user.id}`,
      actorId: adminId,
      reason: '=HYPERLINK("x")',
    });
    await grant({ userId: bob.user.id, amount: 50, idempotencyKey: `g:${bob.user.id}` });
  });

  it("a person's rows sum to their balance and held credits, each signed as it changed them", async () => {
    const me = await db.user.findUniqueOrThrow({ where: { id: alice.user.id } });
    expect(me).toMatchObject({ balance: 80, held: 7, spent: 10 });
    const page = await myCreditHistory(alice.user.id, { page: 1, pageSize: 100 });
    expect(page.total).toBe(8);
    expect(page.entries.reduce((s, e) => s + e.balanceDelta, 0)).toBe(me.balance);
    expect(page.entries.reduce((s, e) => s + e.heldDelta, 0)).toBe(me.held);
    expect(page.entries.reduce((s, e) => s + e.spentDelta, 0)).toBe(me.spent);
    // Newest first; each row's change is the step between its balance and the next older row's.
    for (let i = 0; i + 1 < page.entries.length; i++) {
      expect(page.entries[i].balanceAfter - page.entries[i].balanceDelta).toBe(page.entries[i + 1].balanceAfter);
    }
    const byKind = (kind: string) =>
      page.entries.filter((e) => e.kind === kind).map((e) => [e.balanceDelta, e.heldDelta]);
    expect(byKind("hold")).toEqual([
      [-7, 7],
      [-5, 5],
      [-5, 5],
      [-5, 5],
    ]);
    expect(byKind("capture")).toEqual([[0, -10]]);
    expect(byKind("release")).toEqual([[5, -5]]);
    expect(byKind("adjust")).toEqual([[-3, 0]]);
    expect(page.entries.every((e) => !("userId" in e))).toBe(true);
  });

  it("rows link to the order they belong to; only an admin's reason is shown", async () => {
    const page = await myCreditHistory(alice.user.id, { page: 1, pageSize: 100 });
    const captured = page.entries.find((e) => e.kind === "capture");
    expect(captured?.subject).toEqual({
      kind: "order",
      orderNo: paid,
      orderType: "track-separation",
      href: `/orders/${paid}`,
    });
    expect(captured?.note).toBeNull();
    const granted = page.entries.find((e) => e.kind === "grant");
    expect(granted).toMatchObject({ byAdmin: true, note: "Welcome", subject: null });
  });

  it("pages hold the newest rows first and never another person's", async () => {
    const first = await myCreditHistory(alice.user.id, { page: 1, pageSize: 3 });
    const second = await myCreditHistory(alice.user.id, { page: 2, pageSize: 3 });
    expect(first.entries.map((e) => e.kind)).toEqual(["adjust", "hold", "release"]);
    expect(second.entries).toHaveLength(3);
    const bobs = await myCreditHistory(bob.user.id, { page: 1, pageSize: 50 });
    expect(bobs.entries.map((e) => e.balanceDelta)).toEqual([50]);
  });

  it("the dashboard summary: this month's spend is what was charged since the month began", async () => {
    const summary = await myCreditSummary({ id: alice.user.id, teamId: alice.team.id });
    expect(summary).toMatchObject({ balance: 80, held: 7, spent: 10, monthSpent: 10 });
    expect(summary.recentOrders.map((o) => o.orderNo)).toHaveLength(3);
    const later = await myCreditSummary(
      { id: alice.user.id, teamId: alice.team.id },
      new Date(Date.now() + 60_000).toISOString(),
    );
    expect(later.monthSpent).toBe(0);
  });

  it("the admin listing filters by user, kind and day", async () => {
    const holds = await listLedger({ userId: alice.user.id, kind: "hold", page: 1, pageSize: 50 });
    expect(holds.total).toBe(4);
    expect(
      holds.entries.every((e) => e.kind === "hold" && e.balanceDelta < 0 && e.userEmail === alice.user.email),
    ).toBe(true);
    const today = new Date().toISOString().slice(0, 10);
    const all = await listLedger({ from: today, to: today, page: 1, pageSize: 50 });
    expect(all.total).toBe(9);
    expect((await listLedger({ to: "2000-01-01", page: 1, pageSize: 50 })).total).toBe(0);
    expect((await listLedger({ from: "2999-01-01", page: 1, pageSize: 50 })).total).toBe(0);
    const released = await listLedger({ kind: "release", page: 1, pageSize: 50 });
    expect(released.entries[0].subject).toMatchObject({ kind: "order", orderNo: failed });
  });

  it("the CSV holds every filtered row with signed numbers, the order and defused text", async () => {
    const lines = await allCsv({ userId: alice.user.id });
    expect(lines[0]).toBe(LEDGER_CSV_HEADER.join(","));
    expect(lines).toHaveLength(9);
    const rows = lines.slice(1).map((l) => l.split(","));
    const col = (name: string) => LEDGER_CSV_HEADER.indexOf(name);
    expect(rows.reduce((s, r) => s + Number(r[col("balanceChange")]), 0)).toBe(80);
    expect(rows.reduce((s, r) => s + Number(r[col("heldChange")]), 0)).toBe(7);
    const capture = rows.find((r) => r[col("kind")] === "capture");
    expect(capture?.[col("orderNo")]).toBe(`"${paid}"`);
    expect(capture?.[col("spentChange")]).toBe("10");
    expect(lines.find((l) => l.includes(",adjust,"))).toContain(`"'=HYPERLINK(""x"")"`);
    expect(await allCsv({ kind: "grant", userId: bob.user.id })).toHaveLength(2);
  });

  it("the CSV streams past its page size without losing or repeating a row", async () => {
    const { user } = await person("carol");
    for (let i = 0; i < 501; i++) await grant({ userId: user.id, amount: 1, idempotencyKey: `many:${user.id}:${i}` });
    const lines = await allCsv({ userId: user.id });
    expect(lines).toHaveLength(502);
    expect(new Set(lines).size).toBe(502);
    expect(lines.slice(1).reduce((s, l) => s + Number(l.split(",")[4]), 0)).toBe(501);
  });
});
