// Brings the database named by DATABASE_URL up to date: creates a missing PostgreSQL database,
// applies the provider's migrations with `prisma migrate deploy`, and puts SQLite files in WAL mode.
import { execFileSync } from "node:child_process";
import { createRequire } from "node:module";
import path from "node:path";
import pg from "pg";
import { resolveDatabaseUrl } from "../lib/db-url";
import { env } from "../lib/env";

const root = path.resolve(import.meta.dirname, "..");
const prismaCli = path.join(root, "node_modules/prisma/build/index.js");

/** Runs the Prisma CLI against `databaseUrl` (prisma.config.ts picks schema and adapter from it). */
export function runPrisma(args: string[], databaseUrl: string, opts: { quiet?: boolean } = {}): string {
  return execFileSync(process.execPath, [prismaCli, ...args], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: databaseUrl, PRISMA_HIDE_UPDATE_MESSAGE: "1" },
    encoding: "utf8",
    stdio: ["ignore", "pipe", opts.quiet ? "pipe" : "inherit"],
  });
}

/** The same server URL pointing at another database (the maintenance db `postgres` by default). */
export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${encodeURIComponent(database)}`;
  return u.toString();
}

export function databaseName(url: string): string {
  const name = decodeURIComponent(new URL(url).pathname.replace(/^\//, ""));
  if (!name) throw new Error(`DATABASE_URL names no database: ${url}`);
  return name;
}

export const quoteIdent = (name: string) => `"${name.replace(/"/g, '""')}"`;

/** Creates the database named in a PostgreSQL URL when it does not exist yet. */
export async function ensurePostgresDatabase(url: string): Promise<boolean> {
  const name = databaseName(url);
  const client = new pg.Client({ connectionString: withDatabase(url, "postgres") });
  await client.connect();
  try {
    const found = await client.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
    if (found.rowCount) return false;
    try {
      await client.query(`CREATE DATABASE ${quoteIdent(name)}`);
    } catch (error) {
      // Another process created it between the check and the CREATE.
      if ((error as { code?: string }).code !== "42P04") throw error;
      return false;
    }
    return true;
  } finally {
    await client.end();
  }
}

function setWalMode(file: string) {
  // better-sqlite3 comes with @prisma/adapter-better-sqlite3; it has no type package here.
  const Database = createRequire(import.meta.url)("better-sqlite3") as new (
    file: string,
  ) => {
    pragma(sql: string, opts?: { simple: boolean }): unknown;
    close(): void;
  };
  const conn = new Database(file);
  try {
    return conn.pragma("journal_mode = WAL", { simple: true });
  } finally {
    conn.close();
  }
}

export async function migrateDatabase(rawUrl: string | undefined, opts: { quiet?: boolean } = {}) {
  const target = resolveDatabaseUrl(rawUrl);
  const log = opts.quiet ? () => {} : (line: string) => console.log(line);
  if (target.provider === "postgres") {
    if (await ensurePostgresDatabase(target.url)) log(`created database ${databaseName(target.url)}`);
    const out = runPrisma(["migrate", "deploy"], target.url, opts);
    if (!opts.quiet) process.stdout.write(out);
    return;
  }
  const out = runPrisma(["migrate", "deploy"], `file:${target.file}`, opts);
  if (!opts.quiet) process.stdout.write(out);
  const mode = setWalMode(target.file);
  if (mode !== "wal") throw new Error(`could not put ${target.file} in WAL mode (journal_mode=${String(mode)})`);
  log(`${path.relative(process.cwd(), target.file) || target.file}: journal_mode=wal`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  migrateDatabase(env().DATABASE_URL).catch((error) => {
    console.error(`db:migrate failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  });
}
