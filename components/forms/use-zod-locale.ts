"use client";
// zod's own messages in the page's language, set where the browser parses with zod (the forms)
// rather than in the root providers, so pages without a form never load zod. Only the two locales
// we ship are imported: the `z.locales` namespace would pull in every language zod has.
import { useLocale } from "next-intl";
import { config } from "zod";
import en from "zod/v4/locales/en.js";
import zhCN from "zod/v4/locales/zh-CN.js";

export function useZodLocale() {
  const locale = useLocale();
  // Idempotent, so setting it while rendering is safe; it must be in place before the first parse.
  config(locale === "zh-CN" ? zhCN() : en());
}
