import Negotiator from "negotiator";
import { DEFAULT_LOCALE, isLocale, LOCALES, type Locale } from "./locales";

/** The best supported locale for an Accept-Language header. */
export function negotiateLocale(acceptLanguage: string | null | undefined): Locale {
  if (!acceptLanguage) return DEFAULT_LOCALE;
  const negotiator = new Negotiator({ headers: { "accept-language": acceptLanguage } });
  const match = negotiator.language([...LOCALES]);
  if (isLocale(match)) return match;
  // Other Chinese variants (zh-TW, zh-HK) still read Simplified Chinese better than English.
  if (negotiator.languages().some((tag) => tag.toLowerCase().startsWith("zh"))) return "zh-CN";
  return DEFAULT_LOCALE;
}
