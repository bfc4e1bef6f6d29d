// Prisma CLI configuration: the JS schema engine with a driver adapter, so migrate/generate run
// offline. DATABASE_URL picks the schema (SQLite default, PostgreSQL copy) and the adapter.
import fs from "node:fs";
import path from "node:path";
import { defineConfig } from "prisma/config";
import { resolveDatabaseUrl } from "./lib/db-url";

const target = resolveDatabaseUrl(process.env.DATABASE_URL);
const schemaDir = target.provider === "postgres" ? "prisma/postgres" : "prisma";

export default defineConfig({
  experimental: { adapter: true },
  engine: "js",
  schema: path.join(schemaDir, "schema.prisma"),
  migrations: { path: path.join(schemaDir, "migrations") },
  async adapter() {
    if (target.provider === "postgres") {
      const { PrismaPg } = await import("@prisma/adapter-pg");
      const { migrationPool } = await import("./prisma/pg-migrate-pool");
      return new PrismaPg(migrationPool(target.url));
    }
    fs.mkdirSync(path.dirname(target.file), { recursive: true });
    const { PrismaBetterSQLite3 } = await import("@prisma/adapter-better-sqlite3");
    return new PrismaBetterSQLite3({ url: `file:${target.file}` });
  },
});
