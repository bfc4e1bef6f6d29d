// `npm run db:new-migration -- <name>`: turns the change to prisma/schema.prisma since the last
// migration into a migration for each provider. The last migration folder of each provider keeps a
// copy of the schema it produced (schema.snapshot.prisma); the new SQL is the diff from that copy to
// the current schema, because `migrate diff --from-migrations` needs a shadow database that the JS
// engine cannot provide. PostgreSQL's diff still needs a reachable server (the adapter connects).
import fs from "node:fs";
import path from "node:path";
import { postgresSchemaFrom } from "./sync-postgres-schema";
import { runPrisma } from "./db-migrate";

const root = path.resolve(import.meta.dirname, "..");
export const SNAPSHOT = "schema.snapshot.prisma";

export const providers = [
  { provider: "sqlite", schema: "prisma/schema.prisma", migrations: "prisma/migrations" },
  { provider: "postgres", schema: "prisma/postgres/schema.prisma", migrations: "prisma/postgres/migrations" },
] as const;

/** The newest migration folder of a provider (folders sort by their timestamp/number prefix). */
export function newestMigration(migrationsDir: string): string | undefined {
  const dir = path.join(root, migrationsDir);
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && fs.existsSync(path.join(dir, e.name, "migration.sql")))
    .map((e) => e.name)
    .sort()
    .at(-1);
}

function timestamp(now = new Date()): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${now.getUTCFullYear()}${p(now.getUTCMonth() + 1)}${p(now.getUTCDate())}${p(now.getUTCHours())}${p(now.getUTCMinutes())}${p(now.getUTCSeconds())}`;
}

function diffUrl(provider: "sqlite" | "postgres"): string {
  if (provider === "sqlite") return "file:./data/migration-diff.db";
  return process.env.TEST_POSTGRES_URL ?? "postgresql://postgres:postgres@127.0.0.1:5432/postgres";
}

function main() {
  const name = process.argv.slice(2).find((a) => !a.startsWith("-"));
  if (!name || !/^[a-z0-9][a-z0-9_]*$/.test(name)) {
    console.error("usage: npm run db:new-migration -- <name>   (lowercase letters, digits and _)");
    process.exit(2);
  }

  // 1. The PostgreSQL schema follows the SQLite one.
  const pgSchema = path.join(root, "prisma/postgres/schema.prisma");
  fs.writeFileSync(pgSchema, postgresSchemaFrom(fs.readFileSync(path.join(root, "prisma/schema.prisma"), "utf8")));

  // 2. Diff each provider's last snapshot against its current schema.
  const folder = `${timestamp()}_${name}`;
  const planned: { dir: string; sql: string; schema: string; previous: string }[] = [];
  for (const p of providers) {
    const previous = newestMigration(p.migrations);
    if (!previous) throw new Error(`${p.migrations} has no migrations`);
    const snapshot = path.join(root, p.migrations, previous, SNAPSHOT);
    if (!fs.existsSync(snapshot)) {
      throw new Error(`${path.relative(root, snapshot)} is missing: it must hold the schema as of that migration`);
    }
    let sql: string;
    try {
      sql = runPrisma(
        [
          "migrate",
          "diff",
          "--from-schema-datamodel",
          snapshot,
          "--to-schema-datamodel",
          path.join(root, p.schema),
          "--script",
        ],
        diffUrl(p.provider),
        { quiet: true },
      );
    } catch (error) {
      const stderr = String((error as { stderr?: unknown }).stderr ?? error);
      const hint = p.provider === "postgres" ? " (PostgreSQL's diff needs a server: set TEST_POSTGRES_URL)" : "";
      throw new Error(`prisma migrate diff failed for ${p.provider}${hint}:\n${stderr}`);
    }
    sql = sql.replace(/^Loaded Prisma config from .*\n/m, "").trim();
    if (!sql || sql === "-- This is an empty migration.") {
      console.log(`${p.provider}: no schema change since ${previous}`);
      continue;
    }
    planned.push({
      dir: path.join(root, p.migrations, folder),
      sql,
      schema: path.join(root, p.schema),
      previous: snapshot,
    });
  }
  if (planned.length === 0) {
    console.log("Nothing to do: the schema matches the last migration.");
    return;
  }
  if (planned.length !== providers.length) {
    throw new Error("only one provider changed: the schemas are out of step; run npm run db:sync-postgres and retry");
  }

  // 3. Write both migrations and move the snapshots forward.
  for (const m of planned) {
    fs.mkdirSync(m.dir, { recursive: true });
    fs.writeFileSync(path.join(m.dir, "migration.sql"), `${m.sql}\n`);
    fs.copyFileSync(m.schema, path.join(m.dir, SNAPSHOT));
    fs.rmSync(m.previous);
    console.log(`wrote ${path.relative(root, m.dir)}/migration.sql`);
  }
  console.log("Review the SQL (renames show up as drop + add), then run npm run db:migrate.");
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  try {
    main();
  } catch (error) {
    console.error(`db:new-migration failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  }
}
