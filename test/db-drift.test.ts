// The PostgreSQL schema, the migrations and the schema must not drift apart: a schema change needs
// a migration for both providers, and the migrations must build what the schema describes.
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { describe, expect, it } from "vitest";
import { migrateDatabase, runPrisma } from "../scripts/db-migrate";
import { SNAPSHOT, newestMigration, providers } from "../scripts/db-new-migration";
import { postgresSchemaFrom } from "../scripts/sync-postgres-schema";
import { freshDatabase, testProvider } from "./helpers/db";
import { repoRoot } from "./helpers/test-run";

const read = (rel: string) => fs.readFileSync(path.join(repoRoot, rel), "utf8");

type SqliteDb = { prepare(sql: string): { all(): unknown[] }; exec(sql: string): void; close(): void };
const openSqlite = (file: string) =>
  new (createRequire(import.meta.url)("better-sqlite3") as new (f: string) => SqliteDb)(file);

const byKey = <T>(rows: T[]) => [...rows].sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

/** Tables, columns, indexes and foreign keys of a SQLite file, independent of column order. */
function sqliteCatalog(file: string) {
  const db = openSqlite(file);
  try {
    const tables = (
      db
        .prepare(
          "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name <> '_prisma_migrations' ORDER BY name",
        )
        .all() as { name: string }[]
    ).map((t) => t.name);
    const q = (sql: string) => db.prepare(sql).all() as Record<string, unknown>[];
    return tables.map((table) => ({
      table,
      columns: byKey(q(`PRAGMA table_info("${table}")`).map(({ cid: _cid, ...c }) => c)),
      indexes: byKey(
        q(`PRAGMA index_list("${table}")`).map(({ seq: _seq, ...i }) => ({
          ...i,
          columns: q(`PRAGMA index_info("${i.name}")`).map((c) => c.name),
        })),
      ),
      foreignKeys: byKey(q(`PRAGMA foreign_key_list("${table}")`).map(({ id: _id, seq: _seq, ...f }) => f)),
    }));
  } finally {
    db.close();
  }
}

async function postgresCatalog(url: string) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    const q = async (sql: string) => (await client.query(sql)).rows;
    return {
      columns: await q(`SELECT table_name, column_name, data_type, udt_name, is_nullable, column_default,
          character_maximum_length, numeric_precision, datetime_precision
        FROM information_schema.columns
        WHERE table_schema = 'public' AND table_name <> '_prisma_migrations'
        ORDER BY table_name, column_name`),
      indexes: await q(`SELECT tablename, indexname, indexdef FROM pg_indexes
        WHERE schemaname = 'public' AND tablename <> '_prisma_migrations' ORDER BY tablename, indexname`),
      constraints: await q(`SELECT r.relname AS table_name, c.conname, pg_get_constraintdef(c.oid) AS def
        FROM pg_constraint c JOIN pg_class r ON r.oid = c.conrelid JOIN pg_namespace n ON n.oid = r.relnamespace
        WHERE n.nspname = 'public' AND r.relname <> '_prisma_migrations'
        ORDER BY 1, 2`),
      enums: await q(`SELECT t.typname, array_agg(e.enumlabel ORDER BY e.enumlabel) AS labels
        FROM pg_type t JOIN pg_enum e ON e.enumtypid = t.oid GROUP BY t.typname ORDER BY t.typname`),
    };
  } finally {
    await client.end();
  }
}

describe("database schema drift", () => {
  it("prisma/postgres/schema.prisma is what scripts/sync-postgres-schema.ts generates", () => {
    expect(
      read("prisma/postgres/schema.prisma") === postgresSchemaFrom(read("prisma/schema.prisma")),
      "prisma/postgres/schema.prisma is stale: run npm run db:sync-postgres",
    ).toBe(true);
  });

  it.each(providers.map((p) => [p.provider, p] as const))("%s: the newest migration matches the schema", (_, p) => {
    const newest = newestMigration(p.migrations);
    expect(newest, `${p.migrations} has no migrations`).toBeDefined();
    const snapshot = path.join(p.migrations, newest!, SNAPSHOT);
    expect(fs.existsSync(path.join(repoRoot, snapshot)), `${snapshot} is missing`).toBe(true);
    expect(
      read(snapshot) === read(p.schema),
      `${p.schema}: schema changed without a migration: run npm run db:new-migration -- <name>`,
    ).toBe(true);
  });

  it("applying every migration builds the same database as the schema itself", async () => {
    const provider = testProvider();
    const schema = providers.find((p) => p.provider === provider)!.schema;
    const migrated = await freshDatabase({ migrated: false });
    await migrateDatabase(migrated, { quiet: true });

    const direct = await freshDatabase({ migrated: false });
    const script = runPrisma(
      ["migrate", "diff", "--from-empty", "--to-schema-datamodel", path.join(repoRoot, schema), "--script"],
      direct,
      { quiet: true },
    ).replace(/^Loaded Prisma config from .*\n/m, "");

    if (provider === "sqlite") {
      const file = direct.slice("file:".length);
      const db = openSqlite(file);
      db.exec(script);
      db.close();
      expect(sqliteCatalog(file)).toEqual(sqliteCatalog(migrated.slice("file:".length)));
    } else {
      const client = new pg.Client({ connectionString: direct });
      await client.connect();
      await client.query(script);
      await client.end();
      expect(await postgresCatalog(direct)).toEqual(await postgresCatalog(migrated));
    }
  });
});
