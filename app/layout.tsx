import type { Metadata } from "next";
import { NextIntlClientProvider } from "next-intl";
import { getLocale, getTranslations } from "next-intl/server";
import type { ReactNode } from "react";
import "./globals.css";

// The brand mark, inline so the browser does not ask for /favicon.ico.
const FAVICON =
  "data:image/svg+xml," +
  encodeURIComponent(
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 16 16"><rect width="16" height="16" rx="4" fill="#3b4fd1"/>' +
      '<g fill="#fff"><rect x="3" y="6.5" width="1.6" height="3" rx=".8"/><rect x="5.9" y="4" width="1.6" height="8" rx=".8"/>' +
      '<rect x="8.8" y="5.5" width="1.6" height="5" rx=".8"/><rect x="11.7" y="7" width="1.6" height="2" rx=".8"/></g></svg>',
  );

export async function generateMetadata(): Promise<Metadata> {
  const t = await getTranslations("meta");
  return {
    title: { default: "Mixdesk", template: "%s · Mixdesk" },
    description: t("description"),
    icons: { icon: FAVICON },
  };
}

export default async function RootLayout({ children }: { children: ReactNode }) {
  const locale = await getLocale();
  return (
    <html lang={locale}>
      <body className="min-h-screen font-sans">
        {/* react-query's provider is in the segments that use it (components/providers.tsx). */}
        <NextIntlClientProvider>{children}</NextIntlClientProvider>
      </body>
    </html>
  );
}
