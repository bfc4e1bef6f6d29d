// Reads on the hottest API paths (the key lookup before every Open API / draft API request, the
// order query an API client polls) sent straight to the driver. Through Prisma's client engine a
// model query costs about 1.5 ms of CPU and even a raw query about 0.3 ms (query planning and
// result decoding in the engine), where the driver itself needs tens of microseconds: measured by
// bench/api-path.ts. Only plain SELECTs go here, written for both providers (`?` placeholders,
// quoted identifiers); writes, transactions and everything else stay on Prisma. Values come back
// as the driver gives them: callers normalise dates and booleans (SQLite stores them as numbers).
//   SQLite: a second connection to the same file. In WAL mode it reads committed data only and
//   never blocks or is blocked by the writer.
//   PostgreSQL: the very pool Prisma's adapter uses (lib/db.ts builds it), so the process keeps
//   one pool of DATABASE_POOL_SIZE connections.
import "server-only";
import Database from "better-sqlite3";
import pg from "pg";
import { note } from "@/lib/db-statements";
import { resolveDatabaseUrl } from "@/lib/db-url";
import { env } from "@/lib/env";

type Row = Record<string, unknown>;

type Direct = {
  remote: boolean;
  /** Each row's values in the SELECT's column order. */
  values(sql: string, params: unknown[]): Promise<unknown[][]>;
  /** The columns' names of a SELECT that `values` has run. */
  names(sql: string): string[];
  close(): Promise<void>;
};

const holder = globalThis as unknown as { mixdeskDirect?: Direct; mixdeskPgPool?: pg.Pool };

// Prisma's PostgreSQL columns are `timestamp(3)` without a time zone, written in UTC: read them as
// UTC whatever the server's zone (node-pg would read them as local time).
const TIMESTAMP = 1114;
const pgTypes = {
  getTypeParser: ((oid: number, format?: "text" | "binary") =>
    oid === TIMESTAMP
      ? (text: string) => new Date(`${text.replace(" ", "T")}Z`)
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

/** The PostgreSQL pool of this process, shared by Prisma's adapter (lib/db.ts) and direct reads. */
export function pgPool(url: string): pg.Pool {
  if (!holder.mixdeskPgPool) {
    const pool = new pg.Pool({
      connectionString: url,
      max: env().DATABASE_POOL_SIZE,
      // Prisma's $disconnect leaves a pool it did not make open (so it can reconnect): idle
      // connections must not keep a finished script alive.
      allowExitOnIdle: true,
    });
    // An idle connection the server ends (PostgreSQL restarting, a failover, an administrator's
    // pg_terminate_backend) is reported here; pg drops it from the pool and the next query opens a
    // new one. Unheard, the event would end the process.
    pool.on("error", (error) => console.error("[db] an idle PostgreSQL connection was closed:", error.message));
    holder.mixdeskPgPool = pool;
  }
  return holder.mixdeskPgPool;
}

function open(): Direct {
  const target = resolveDatabaseUrl(env().DATABASE_URL);
  if (target.provider === "postgres") {
    const pool = pgPool(target.url);
    // Named statements: each connection parses a statement once, later calls only bind and execute.
    const prepared = new Map<string, { name: string; text: string; names?: string[] }>();
    return {
      remote: true,
      async values(sql, params) {
        let statement = prepared.get(sql);
        if (!statement) {
          let i = 0;
          statement = { name: `mx_direct_${prepared.size}`, text: sql.replace(/\?/g, () => `$${++i}`) };
          prepared.set(sql, statement);
        }
        note(statement.text);
        const { name, text } = statement;
        const result = await pool.query<unknown[]>({ name, text, values: params, types: pgTypes, rowMode: "array" });
        statement.names ??= result.fields.map((f) => f.name);
        return result.rows;
      },
      names: (sql) => prepared.get(sql)?.names ?? [],
      close: () => pool.end(),
    };
  }
  const conn = new Database(target.file, { fileMustExist: true, timeout: 10_000 });
  // Rows come raw (arrays): the key lookup reads its two dozen columns by position, a fifth
  // cheaper than the driver making an object of each row.
  const statements = new Map<string, { stmt: Database.Statement; names: string[] }>();
  return {
    remote: false,
    async values(sql, params) {
      let prepared = statements.get(sql);
      if (!prepared) {
        const stmt = conn.prepare(sql).raw(true);
        prepared = { stmt, names: stmt.columns().map((c) => c.name) };
        statements.set(sql, prepared);
      }
      note(sql);
      return prepared.stmt.all(...params) as unknown[][];
    },
    names: (sql) => statements.get(sql)?.names ?? [],
    close: async () => {
      conn.close();
    },
  };
}

const direct = () => {
  holder.mixdeskDirect ??= open();
  return holder.mixdeskDirect;
};

/** Each row of one SELECT (`?` placeholders) as its values, in the SELECT's column order. */
export function directValues(sql: string, params: unknown[]): Promise<unknown[][]> {
  return direct().values(sql, params);
}

/** Rows of one SELECT (`?` placeholders), as objects by column name. */
export async function directRows(sql: string, params: unknown[]): Promise<Row[]> {
  const d = direct();
  const rows = await d.values(sql, params);
  const names = d.names(sql);
  return rows.map((values) => {
    const row: Row = {};
    for (let i = 0; i < names.length; i++) row[names[i]] = values[i];
    return row;
  });
}

/** Whether direct reads go over the network (PostgreSQL) rather than to a file in this process. */
export function directIsRemote(): boolean {
  return direct().remote;
}

// Values as stored: SQLite keeps times as epoch milliseconds and booleans as 0/1; PostgreSQL's
// driver gives Date and boolean.
export const asDate = (v: unknown): Date | null =>
  v === null || v === undefined
    ? null
    : v instanceof Date
      ? v
      : new Date(typeof v === "bigint" ? Number(v) : (v as string | number));
/** A time as epoch milliseconds (null stays null), without making a Date where the driver gave a number. */
export const asMillis = (v: unknown): number | null =>
  v === null || v === undefined
    ? null
    : typeof v === "number"
      ? v
      : v instanceof Date
        ? v.getTime()
        : typeof v === "bigint"
          ? Number(v)
          : new Date(v as string).getTime();
export const asBool = (v: unknown) => v === true || v === 1 || v === 1n || v === "1" || v === "true";
export const asNumber = (v: unknown) => (typeof v === "number" ? v : Number(v));
