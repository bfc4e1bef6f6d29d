// Next.js configuration. next-intl reads the locale per request (cookie, then Accept-Language)
// from lib/i18n/request.ts; there is no locale segment in the URL.
import createNextIntlPlugin from "next-intl/plugin";
import { SECURITY_HEADERS } from "./lib/http/security-headers.mjs";

// Messages are precompiled at build time, so the browser gets no ICU parser (about 10 kB gzipped
// off every page's first load; scripts/check-bundle.mjs holds the budget).
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./lib/i18n/request.ts",
  experimental: {
    messages: { path: "./messages", format: "json", locales: "infer", sourceLocale: "en", precompile: true },
  },
});

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native drivers (and BullMQ, which loads its Lua scripts and optional native parts at run time)
  // must stay out of the bundle and load from node_modules at runtime.
  serverExternalPackages: [
    "better-sqlite3",
    "@prisma/adapter-better-sqlite3",
    "pg",
    "@prisma/adapter-pg",
    "bullmq",
    "ioredis",
  ],
  typedRoutes: false,
  poweredByHeader: false,
  async headers() {
    return [{ source: "/:path*", headers: SECURITY_HEADERS }];
  },
};

export default withNextIntl(nextConfig);
