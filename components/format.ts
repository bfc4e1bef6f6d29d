"use client";
// Dates render in the browser's own time zone; every date we show comes from a client-side query.
import { useFormatter, useLocale } from "next-intl";
import { useCallback, useMemo } from "react";

type DateStyle = "dateTime" | "date" | "short";

export function useFormatDate() {
  const locale = useLocale();
  const formats = useMemo(
    () => ({
      dateTime: new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }),
      date: new Intl.DateTimeFormat(locale, { dateStyle: "medium" }),
      short: new Intl.DateTimeFormat(locale, { dateStyle: "short", timeStyle: "short" }),
    }),
    [locale],
  );
  return useCallback(
    (iso: string | null | undefined, style: DateStyle = "dateTime") => {
      if (!iso) return "—";
      const d = new Date(iso);
      return Number.isNaN(d.getTime()) ? "—" : formats[style].format(d);
    },
    [formats],
  );
}

export function useFormatCredits() {
  const format = useFormatter();
  return useCallback((n: number) => format.number(n), [format]);
}
