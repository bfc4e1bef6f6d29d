"use client";
// What the order will cost against what the person has. Exact for a file whose length the
// browser could read; a minimum with the formula otherwise.
import { useTranslations } from "next-intl";
import type { Price } from "@/components/data/types";
import { useFormatCredits } from "@/components/format";
import { Alert } from "@/components/ui/alert";
import { Card } from "@/components/ui/card";
import { startedMinutes } from "@/lib/orders/price-formula";
import { estimateCredits, minimumCredits } from "./estimate";

type PriceEstimateProps = {
  price: Price | undefined;
  durationSec: number | null;
  balance: number | undefined;
};

export function PriceEstimate({ price, durationSec, balance }: PriceEstimateProps) {
  const t = useTranslations("newOrder");
  const formatCredits = useFormatCredits();
  const exact = price && durationSec !== null ? estimateCredits(price, durationSec) : null;
  const needed = exact ?? (price ? minimumCredits(price) : null);
  const short = needed !== null && balance !== undefined && balance < needed;

  return (
    <Card className="space-y-4">
      <h2 className="text-sm font-medium text-zinc-600">{t("estimate")}</h2>
      <div>
        <p
          className="text-3xl font-semibold tracking-tight text-zinc-900 tabular-nums"
          data-testid="estimate"
          data-value={needed ?? undefined}
        >
          {needed === null ? (
            <span className="text-zinc-300">—</span>
          ) : exact !== null ? (
            t("credits", { count: exact, formatted: formatCredits(exact) })
          ) : (
            t("atLeast", { formatted: formatCredits(needed) })
          )}
        </p>
        {price && (
          <p className="mt-1 text-xs text-zinc-500" data-testid="estimate-rule">
            {exact !== null && durationSec !== null
              ? t("exactRule", {
                  base: price.baseCredits,
                  perMinute: price.perMinuteCredits,
                  minutes: startedMinutes(durationSec),
                })
              : t("minimumRule", { base: price.baseCredits, perMinute: price.perMinuteCredits })}
          </p>
        )}
      </div>
      <div className="border-t border-zinc-100 pt-4">
        <p className="text-sm text-zinc-600">{t("available")}</p>
        <p
          className="mt-0.5 text-lg font-semibold text-zinc-900 tabular-nums"
          data-testid="available"
          data-value={balance}
        >
          {balance === undefined ? (
            <span className="text-zinc-300">—</span>
          ) : (
            t("credits", { count: balance, formatted: formatCredits(balance) })
          )}
        </p>
      </div>
      {short && <Alert tone="warning">{exact !== null ? t("notEnough") : t("maybeNotEnough")}</Alert>}
      <p className="text-xs text-zinc-500">{t("billingNote")}</p>
    </Card>
  );
}
