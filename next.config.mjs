// Next.js configuration. next-intl reads the locale per request (cookie, then Accept-Language)
// from lib/i18n/request.ts; there is no locale segment in the URL.
import createNextIntlPlugin from "next-intl/plugin";

// Messages are precompiled at build time, so the browser gets no ICU parser (about 10 kB gzipped
// off every page's first load; scripts/check-bundle.mjs holds the budget).
const withNextIntl = createNextIntlPlugin({
  requestConfig: "./lib/i18n/request.ts",
  experimental: {
    messages: { path: "./messages", format: "json", locales: "infer", sourceLocale: "en", precompile: true },
  },
});

// Sent with every response. The page CSP (with a per-request nonce) and HSTS (only when the public
// URL is https, decided at run time) come from proxy.ts.
const securityHeaders = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), browsing-topics=()",
  },
];

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
    return [{ source: "/:path*", headers: securityHeaders }];
  },
};

export default withNextIntl(nextConfig);
