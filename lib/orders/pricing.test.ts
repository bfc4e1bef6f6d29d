import { beforeEach, describe, expect, it } from "vitest";
import { db } from "@/lib/db";
import { DEFAULT_PRICES, listPrices, updatePrices } from "@/lib/orders/pricing";

const admin = () =>
  db.user.create({
    data: { email: `admin-${Math.random()}@example.com`, name: "Admin", passwordHash: "x", role: "admin" },
  });

describe("saving prices", () => {
  beforeEach(async () => {
    await db.price.deleteMany();
  });

  it("saving the form unchanged writes nothing: every row keeps its time and defaults stay defaults", async () => {
    const { id } = await admin();
    await updatePrices(id, [{ orderType: "extract-voice", baseCredits: 7, perMinuteCredits: 4 }]);
    const before = await listPrices();
    const changedAt = before.find((p) => p.orderType === "extract-voice")?.updatedAt;
    expect(changedAt).toBeInstanceOf(Date);

    await new Promise((r) => setTimeout(r, 20));
    const after = await updatePrices(
      id,
      before.map(({ orderType, baseCredits, perMinuteCredits }) => ({ orderType, baseCredits, perMinuteCredits })),
    );

    expect(after).toEqual(before);
    expect(after.filter((p) => p.updatedAt === null).map((p) => p.orderType)).toEqual(
      Object.keys(DEFAULT_PRICES).filter((t) => t !== "extract-voice"),
    );
    expect(await db.price.count()).toBe(1);
  });

  it("changing one row writes that row only", async () => {
    const { id } = await admin();
    const before = await listPrices();
    const sent = before.map(({ orderType, baseCredits, perMinuteCredits }) =>
      orderType === "track-separation"
        ? { orderType, baseCredits: 9, perMinuteCredits }
        : { orderType, baseCredits, perMinuteCredits },
    );
    const after = await updatePrices(id, sent);
    const sep = after.find((p) => p.orderType === "track-separation");
    expect(sep).toMatchObject({
      baseCredits: 9,
      perMinuteCredits: DEFAULT_PRICES["track-separation"].perMinuteCredits,
    });
    expect(sep?.updatedAt).toBeInstanceOf(Date);
    expect(after.filter((p) => p.updatedAt !== null)).toHaveLength(1);
    expect(await db.price.findMany({ select: { orderType: true, updatedById: true } })).toEqual([
      { orderType: "track-separation", updatedById: id },
    ]);
  });
});
