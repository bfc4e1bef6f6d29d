"use client";
// A failed order's reason and what to do next, in the user's language, from the failure code the
// server recorded (lib/contracts/failure.ts). Orders from before codes existed show their English
// reason on an English page and a plain "something went wrong" otherwise: no internal term or
// English sentence reaches a Chinese page.
import { useLocale, useTranslations } from "next-intl";
import { useCallback } from "react";
import type { OrderDetail } from "@/components/data/types";
import { errorMessage } from "@/components/forms/use-error-text";

type ErrorsT = Parameters<typeof errorMessage>[0];
type Failed = Pick<OrderDetail, "failure" | "reason">;

/** Pure, so it is unit-tested: the reason and the next step of a failed order. */
export function failureMessage(t: ErrorsT, locale: string, order: Failed): { text: string; hint: string } {
  const code = order.failure?.code;
  if (code && t.has(`failure.${code}`)) {
    const params = order.failure?.params;
    return { text: t(`failure.${code}`, params), hint: t(`failureHint.${code}`, params) };
  }
  const known = order.reason ? errorMessage(t, locale, order.reason) : undefined;
  const text = known && (known !== order.reason || locale === "en") ? known : t("failure.unknown");
  return { text, hint: t("failureHint.unknown") };
}

export function useFailureText() {
  const t = useTranslations("errors") as unknown as ErrorsT;
  const locale = useLocale();
  return useCallback((order: Failed) => failureMessage(t, locale, order), [t, locale]);
}
