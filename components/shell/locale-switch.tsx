"use client";
// English / 中文. The choice lives in the NEXT_LOCALE cookie so it survives reloads; the server
// re-renders with the new messages on refresh.
import { useLocale, useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useTransition } from "react";
import { LOCALE_COOKIE, type Locale } from "@/lib/i18n/locales";
import { cx } from "@/components/ui/cx";

const OPTIONS: { locale: Locale; label: string }[] = [
  { locale: "en", label: "English" },
  { locale: "zh-CN", label: "中文" },
];

export function LocaleSwitch({ className }: { className?: string }) {
  const current = useLocale();
  const t = useTranslations("shell");
  const router = useRouter();
  const [pending, startTransition] = useTransition();

  function choose(locale: Locale) {
    // biome-ignore lint/suspicious/noDocumentCookie: next-intl reads this cookie; the Cookie Store API is not everywhere yet
    document.cookie = `${LOCALE_COOKIE}=${locale}; path=/; max-age=${60 * 60 * 24 * 365}; samesite=lax`;
    startTransition(() => router.refresh());
  }

  return (
    <div
      role="group"
      aria-label={t("language")}
      className={cx("inline-flex rounded-md border border-zinc-300 bg-white p-0.5", className)}
    >
      {OPTIONS.map((o) => (
        <button
          key={o.locale}
          type="button"
          lang={o.locale}
          aria-pressed={current === o.locale}
          disabled={pending}
          onClick={() => choose(o.locale)}
          className={cx(
            "rounded px-2.5 py-1 text-xs font-medium transition-colors",
            current === o.locale ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100",
          )}
        >
          {o.label}
        </button>
      ))}
    </div>
  );
}
