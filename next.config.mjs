// Next.js configuration. next-intl reads the locale per request (cookie, then Accept-Language)
// from lib/i18n/request.ts; there is no locale segment in the URL.
import createNextIntlPlugin from "next-intl/plugin";

const withNextIntl = createNextIntlPlugin("./lib/i18n/request.ts");

/** @type {import('next').NextConfig} */
const nextConfig = {
  // Native drivers must stay out of the bundle and load from node_modules at runtime.
  serverExternalPackages: ["better-sqlite3", "@prisma/adapter-better-sqlite3", "pg", "@prisma/adapter-pg"],
  typedRoutes: false,
};

export default withNextIntl(nextConfig);
