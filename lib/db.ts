// The one Prisma client of the process. DATABASE_URL picks SQLite (default) or PostgreSQL; both
// generated clients have the same API, so the rest of the code sees one type.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { pgPool } from "@/lib/db-direct";
import { asTransactionCallback, isolatedSqlite } from "@/lib/db-sqlite-isolation";
import { countingAdapter } from "@/lib/db-statements";
import { resolveDatabaseUrl } from "@/lib/db-url";
import { env } from "@/lib/env";
import { PrismaClient as PostgresClient } from "@/lib/generated/prisma-postgres";
import { Prisma, PrismaClient as SqliteClient } from "@/lib/generated/prisma-sqlite";

export type Db = SqliteClient;
export type Tx = Prisma.TransactionClient;
export { Prisma };

function createClient(): Db {
  const target = resolveDatabaseUrl(env().DATABASE_URL);
  if (target.provider === "postgres") {
    // One pool per process, shared with the direct reads of the hot paths (lib/db-direct.ts).
    const adapter = new PrismaPg(pgPool(target.url));
    return new PostgresClient({ adapter: countingAdapter(adapter) }) as unknown as Db;
  }
  fs.mkdirSync(path.dirname(target.file), { recursive: true });
  // busy timeout: a writer waits for the lock instead of failing (WAL is set by scripts/db-migrate).
  const adapter = new PrismaBetterSQLite3({ url: `file:${target.file}`, timeout: 10_000 });
  // One connection: statements outside a transaction wait for an open one (lib/db-sqlite-isolation.ts).
  const client = new SqliteClient({ adapter: countingAdapter(isolatedSqlite(adapter)) });
  const transaction = client.$transaction.bind(client) as (...args: unknown[]) => Promise<unknown>;
  (client as unknown as { $transaction: typeof transaction }).$transaction = (...args) =>
    asTransactionCallback(() => transaction(...args));
  // In WAL mode, NORMAL syncs the log at checkpoints instead of at every commit: a commit stays
  // atomic and survives a crash of the process (only a power cut can lose the last few), and the
  // web server's thread (better-sqlite3 is synchronous) no longer waits for an fsync on each
  // progress update while a busy disk takes hundreds of milliseconds to answer.
  client.$executeRawUnsafe("PRAGMA synchronous = NORMAL").catch((error: unknown) => {
    console.error("[db] could not set synchronous = NORMAL", error);
  });
  return client;
}

const globalForDb = globalThis as unknown as { mixdeskDb?: Db };

export const db: Db = globalForDb.mixdeskDb ?? createClient();
globalForDb.mixdeskDb = db;

export const dbProvider = (): "sqlite" | "postgres" => resolveDatabaseUrl(env().DATABASE_URL).provider;

/**
 * A case-insensitive "contains" filter for searches typed by people: SQLite's LIKE already ignores
 * ASCII case, PostgreSQL's needs `mode: "insensitive"` (ILIKE), which SQLite's client does not have.
 */
export function textContains(q: string): { contains: string } {
  return (dbProvider() === "postgres" ? { contains: q, mode: "insensitive" } : { contains: q }) as { contains: string };
}

/** Prisma's unique-constraint violation (P2002), raised the same way by both adapters. */
export function isUniqueViolation(error: unknown): boolean {
  // Checked by shape: each generated client has its own error class.
  return (error as { code?: unknown } | null)?.code === "P2002";
}
