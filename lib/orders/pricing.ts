// Order prices: base credits + credits per started minute of media, per order type.
import "server-only";
import { db } from "@/lib/db";
import { PRICE_KEYS, type PriceKey } from "@/lib/contracts/orders";

export const DEFAULT_PRICES: Record<PriceKey, { baseCredits: number; perMinuteCredits: number }> = {
  "track-separation": { baseCredits: 5, perMinuteCredits: 5 },
  "extract-voice": { baseCredits: 5, perMinuteCredits: 4 },
  "extract-music": { baseCredits: 5, perMinuteCredits: 4 },
  "extract-text": { baseCredits: 5, perMinuteCredits: 3 },
  "short-video": { baseCredits: 2, perMinuteCredits: 0 },
  // About what sunoapi.org charges (research/suno-extend.md §6: ≈12 credits a task).
  "upload-extend": { baseCredits: 12, perMinuteCredits: 0 },
};

export async function listPrices() {
  const rows = await db.price.findMany();
  const byType = new Map(rows.map((r) => [r.orderType, r]));
  return PRICE_KEYS.map((orderType) => {
    const r = byType.get(orderType);
    return {
      orderType,
      baseCredits: r?.baseCredits ?? DEFAULT_PRICES[orderType].baseCredits,
      perMinuteCredits: r?.perMinuteCredits ?? DEFAULT_PRICES[orderType].perMinuteCredits,
      updatedAt: r?.updatedAt ?? null,
    };
  });
}

export async function priceOf(orderType: PriceKey) {
  const r = await db.price.findUnique({ where: { orderType } });
  return r ?? { orderType, ...DEFAULT_PRICES[orderType] };
}

/** Writes only the rows whose numbers change: an untouched row keeps its "last changed" time, and
 * a type still on its default stays without a row (so it still reads "Default"). */
export async function updatePrices(
  actorId: string,
  prices: { orderType: PriceKey; baseCredits: number; perMinuteCredits: number }[],
) {
  const current = new Map((await listPrices()).map((p) => [p.orderType, p]));
  const changed = prices.filter((p) => {
    const now = current.get(p.orderType);
    return !now || now.baseCredits !== p.baseCredits || now.perMinuteCredits !== p.perMinuteCredits;
  });
  if (changed.length > 0) {
    await db.$transaction(
      changed.map((p) =>
        db.price.upsert({
          where: { orderType: p.orderType },
          create: { ...p, updatedById: actorId },
          update: { baseCredits: p.baseCredits, perMinuteCredits: p.perMinuteCredits, updatedById: actorId },
        }),
      ),
    );
  }
  return listPrices();
}
