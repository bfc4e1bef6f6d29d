// next-intl request configuration: resolves the locale without i18n routing.
import { cookies, headers } from "next/headers";
import { getRequestConfig } from "next-intl/server";
import { isLocale, LOCALE_COOKIE, type Locale } from "./locales";
import { negotiateLocale } from "./negotiate";

async function resolveLocale(): Promise<Locale> {
  const fromCookie = (await cookies()).get(LOCALE_COOKIE)?.value;
  if (isLocale(fromCookie)) return fromCookie;
  return negotiateLocale((await headers()).get("accept-language"));
}

export default getRequestConfig(async () => {
  const locale = await resolveLocale();
  const messages = (await import(`../../messages/${locale}.json`)).default;
  // Dates are formatted in the browser's own zone (components/format.ts); this only silences
  // next-intl's warning for anything formatted on the server.
  return { locale, messages, timeZone: "UTC" };
});
