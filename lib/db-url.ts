// Which database a DATABASE_URL points at. Shared by prisma.config.ts, lib/db.ts and the scripts,
// so all of them agree on the same file or server. Callers pass env().DATABASE_URL; prisma.config.ts
// reads the variable itself because the Prisma CLI loads it outside the app (no lib/env there).
import path from "node:path";

export type DbTarget = { provider: "sqlite"; file: string } | { provider: "postgres"; url: string };

export const DEFAULT_DATABASE_URL = "file:./data/mixdesk.db";

export function resolveDatabaseUrl(raw: string | undefined): DbTarget {
  const url = raw && raw.trim() !== "" ? raw.trim() : DEFAULT_DATABASE_URL;
  if (/^postgres(ql)?:\/\//i.test(url)) return { provider: "postgres", url };
  if (url.startsWith("file:")) {
    const rest = url.slice("file:".length).split("?")[0];
    return { provider: "sqlite", file: path.resolve(/* turbopackIgnore: true */ process.cwd(), rest) };
  }
  throw new Error(
    `DATABASE_URL must start with file: (SQLite) or postgres:// / postgresql:// (PostgreSQL); got "${url}"`,
  );
}
