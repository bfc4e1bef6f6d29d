"use client";
// What a button will cost, said before it is pressed: the Short video page's parse and its
// "Separate" action. Prices come from /api/prices, the balance from /api/me.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { meQuery, pricesQuery } from "@/components/data/queries";
import { useFormatCredits } from "@/components/format";
import { minimumCredits } from "@/components/orders/estimate";

export function ParsePriceLine() {
  const t = useTranslations("credits.price");
  const formatCredits = useFormatCredits();
  const prices = useQuery(pricesQuery());
  const me = useQuery(meQuery());
  const price = prices.data?.prices.find((p) => p.orderType === "short-video")?.baseCredits;
  if (price === undefined) return null;
  const short = me.data !== undefined && me.data.balance < price;
  return (
    <div className="space-y-1 text-sm" data-testid="parse-price" data-value={price}>
      <p className="text-zinc-700">
        <span className="font-medium text-zinc-900">{t("label")}:</span>{" "}
        {t("perParse", { formatted: formatCredits(price) })}
      </p>
      {me.data && (
        <p className={short ? "font-medium text-amber-800" : "text-zinc-600"} data-testid="parse-balance">
          {t("balance", { formatted: formatCredits(me.data.balance) })}
          {short && ` · ${t("notEnough")}`}
        </p>
      )}
    </div>
  );
}

export function SeparatePriceLine() {
  const t = useTranslations("credits.price");
  const formatCredits = useFormatCredits();
  const prices = useQuery(pricesQuery());
  const price = prices.data?.prices.find((p) => p.orderType === "track-separation");
  if (!price) return null;
  return (
    <p className="text-xs text-zinc-500" data-testid="separate-price" data-value={minimumCredits(price)}>
      {t("separate", {
        formatted: formatCredits(minimumCredits(price)),
        base: price.baseCredits,
        perMinute: price.perMinuteCredits,
      })}
    </p>
  );
}
