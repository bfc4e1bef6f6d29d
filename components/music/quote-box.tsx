"use client";
// The price of one extension on the chosen model next to the balance, right above submit.
import { useTranslations } from "next-intl";
import { useFormatCredits } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import type { MusicModel, MusicQuote } from "./rules";

export function QuoteBox({ quote, error, model }: { quote: MusicQuote | undefined; error: string | undefined; model: MusicModel }) {
  const t = useTranslations("music");
  const errorText = useErrorText();
  const formatCredits = useFormatCredits();
  if (error) return <Alert>{errorText(error)}</Alert>;
  const short = quote !== undefined && quote.balance < quote.price;
  return (
    <div className="space-y-3">
      <dl className="flex flex-wrap gap-x-10 gap-y-2">
        <div>
          <dt className="text-xs font-medium text-zinc-500">{t("price", { model })}</dt>
          <dd className="text-xl font-semibold text-zinc-900 tabular-nums" data-testid="music-price" data-value={quote?.price}>
            {quote ? t("credits", { count: quote.price, formatted: formatCredits(quote.price) }) : "—"}
          </dd>
        </div>
        <div>
          <dt className="text-xs font-medium text-zinc-500">{t("balance")}</dt>
          <dd className="text-xl font-semibold text-zinc-900 tabular-nums" data-testid="music-balance" data-value={quote?.balance}>
            {quote ? t("credits", { count: quote.balance, formatted: formatCredits(quote.balance) }) : "—"}
          </dd>
        </div>
      </dl>
      {short && <Alert tone="warning">{t("notEnough")}</Alert>}
      <p className="text-xs text-zinc-500">{t("billingNote")}</p>
    </div>
  );
}
