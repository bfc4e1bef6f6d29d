// Counts the statements the Prisma client sends through its driver adapter (queries, writes, and a
// transaction's BEGIN), so a test can pin how many database round trips a hot
// request costs. (The engine sends COMMIT/ROLLBACK as statements; the adapters' commit() only
// releases the connection.) One integer increment per statement; the SQL text is kept only while a test asks.
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";

type Counter = { count: number; log: string[] | null };

const holder = globalThis as { mixdeskDbStatements?: Counter };
if (!holder.mixdeskDbStatements) holder.mixdeskDbStatements = { count: 0, log: null };
const counter: Counter = holder.mixdeskDbStatements;

/** Counts a statement sent outside Prisma (lib/db-direct.ts), so the pinned counts stay whole. */
export function note(sql: string) {
  counter.count++;
  counter.log?.push(sql);
}

const COUNTED = new Set(["queryRaw", "executeRaw"]);

function wrapQueryable<T extends object>(target: T, wrapTx: boolean): T {
  return new Proxy(target, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== "function") return value;
      if (COUNTED.has(prop as string)) {
        return (query: { sql: string }) => {
          note(query.sql);
          return value.call(obj, query);
        };
      }
      if (wrapTx && prop === "startTransaction") {
        return async (...args: unknown[]) => {
          note("BEGIN");
          return wrapQueryable((await value.apply(obj, args)) as Transaction, false);
        };
      }
      return value.bind(obj);
    },
  });
}

/** The adapter factory, with every statement its connections run counted. */
export function countingAdapter<F extends SqlDriverAdapterFactory>(factory: F): F {
  return new Proxy(factory, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (prop === "connect" && typeof value === "function") {
        return async () => wrapQueryable((await value.call(obj)) as SqlDriverAdapter, true);
      }
      return typeof value === "function" ? value.bind(obj) : value;
    },
  });
}

/** Runs `fn` and returns what it returned with the statements it sent (nothing else may run meanwhile). */
export async function countStatements<T>(fn: () => Promise<T>): Promise<{ result: T; count: number; sql: string[] }> {
  const before = counter.count;
  const log: string[] = [];
  counter.log = log;
  try {
    const result = await fn();
    return { result, count: counter.count - before, sql: log };
  } finally {
    counter.log = null;
  }
}
