// zod's own messages in a page's language. Forms load this with their schema on first submit, so
// a form page's first load carries no zod; only the two locales we ship are imported (the
// `z.locales` namespace would pull in every language zod has).
import { config } from "zod";
import en from "zod/v4/locales/en.js";
import zhCN from "zod/v4/locales/zh-CN.js";

/** Idempotent; must run before the first parse. */
export function setZodLocale(locale: string) {
  config(locale === "zh-CN" ? zhCN() : en());
}
