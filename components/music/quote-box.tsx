"use client";
// The price of one extension next to the balance, right above submit: base + per started minute
// of the source, with the server's own formula once the source's length is known.
import { useTranslations } from "next-intl";
import { useFormatCredits } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { priceFor, startedMinutes } from "@/lib/orders/price-formula";
import type { MusicQuote } from "./rules";

type QuoteBoxProps = {
  quote: MusicQuote | undefined;
  error: string | undefined;
  model: string;
  durationSec: number | null;
};

export function QuoteBox({ quote, error, model, durationSec }: QuoteBoxProps) {
  const t = useTranslations("music");
  const errorText = useErrorText();
  const formatCredits = useFormatCredits();
  if (error) return <Alert>{errorText(error)}</Alert>;
  const rule = quote ? { baseCredits: quote.price, perMinuteCredits: quote.perMinuteCredits } : null;
  const price = rule ? priceFor(rule, durationSec ?? 0) : undefined;
  const short = quote !== undefined && price !== undefined && quote.balance < price;
  return (
    <div className="space-y-3">
      <dl className="flex flex-wrap gap-x-10 gap-y-2">
        <div>
          <dt className="text-xs font-medium text-zinc-500">{t("price", { model })}</dt>
          <dd className="text-xl font-semibold text-zinc-900 tabular-nums" data-testid="music-price" data-value={price}>
            {price !== undefined ? t("credits", { count: price, formatted: formatCredits(price) }) : "—"}
          </dd>
          {rule && rule.perMinuteCredits > 0 && (
            <dd className="text-xs text-zinc-500" data-testid="music-price-rule">
              {durationSec === null
                ? t("priceRule", { base: rule.baseCredits, perMinute: rule.perMinuteCredits })
                : t("priceExact", {
                    base: rule.baseCredits,
                    perMinute: rule.perMinuteCredits,
                    minutes: startedMinutes(durationSec),
                  })}
            </dd>
          )}
        </div>
        <div>
          <dt className="text-xs font-medium text-zinc-500">{t("balance")}</dt>
          <dd
            className="text-xl font-semibold text-zinc-900 tabular-nums"
            data-testid="music-balance"
            data-value={quote?.balance}
          >
            {quote ? t("credits", { count: quote.balance, formatted: formatCredits(quote.balance) }) : "—"}
          </dd>
        </div>
      </dl>
      {short && <Alert tone="warning">{t("notEnough")}</Alert>}
      <p className="text-xs text-zinc-500">{t("billingNote")}</p>
    </div>
  );
}
