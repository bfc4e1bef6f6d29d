// Transaction isolation for SQLite's single connection. Prisma's better-sqlite3 adapter runs every
// statement on one connection and serialises only transactions against each other: a query sent
// outside a transaction while another request's interactive transaction is open runs inside that
// transaction. It then reads the transaction's uncommitted writes, and a write it makes is rolled
// back with it (an unrelated progress update or last-used stamp lost because another request's
// order insert hit a unique violation). PostgreSQL does not have the problem: each transaction
// has a connection of its own.
//
// This wrapper gives the connection one FIFO lock: a transaction holds it from BEGIN until the
// engine commits or rolls back, and a statement outside any transaction waits for it, so it sees
// committed data only and its writes are its own. A statement issued on the global client from
// inside a transaction's own callback (code that used `db` where it meant `tx`) is recognised by
// its async context and runs at once, as before; waiting there would wait for itself.
import { AsyncLocalStorage } from "node:async_hooks";
import type { SqlDriverAdapter, SqlDriverAdapterFactory, Transaction } from "@prisma/driver-adapter-utils";
import { Mutex } from "async-mutex";

const insideTransaction = new AsyncLocalStorage<true>();

/** Runs a `$transaction` call so the statements of its callback are known as its own. */
export function asTransactionCallback<T>(fn: () => T): T {
  return insideTransaction.run(true, fn);
}

const STATEMENTS = new Set(["queryRaw", "executeRaw"]);

function releasing(tx: Transaction, release: () => void): Transaction {
  let released = false;
  const once = () => {
    if (!released) {
      released = true;
      release();
    }
  };
  return new Proxy(tx, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== "function") return value;
      if (prop === "commit" || prop === "rollback") {
        return async (...args: unknown[]) => {
          try {
            return await value.apply(obj, args);
          } finally {
            once();
          }
        };
      }
      return value.bind(obj);
    },
  });
}

function isolate(adapter: SqlDriverAdapter): SqlDriverAdapter {
  const lock = new Mutex();
  return new Proxy(adapter, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (typeof value !== "function") return value;
      if (STATEMENTS.has(prop as string)) {
        return (query: unknown) =>
          insideTransaction.getStore() ? value.call(obj, query) : lock.runExclusive(() => value.call(obj, query));
      }
      if (prop === "startTransaction") {
        return async (...args: unknown[]) => {
          const release = await lock.acquire();
          try {
            return releasing((await value.apply(obj, args)) as Transaction, release);
          } catch (error) {
            release();
            throw error;
          }
        };
      }
      return value.bind(obj);
    },
  });
}

/** The SQLite adapter factory, its connection's statements isolated from open transactions. */
export function isolatedSqlite<F extends SqlDriverAdapterFactory>(factory: F): F {
  return new Proxy(factory, {
    get(obj, prop, receiver) {
      const value = Reflect.get(obj, prop, receiver);
      if (prop === "connect" && typeof value === "function") {
        return async () => isolate((await value.call(obj)) as SqlDriverAdapter);
      }
      return typeof value === "function" ? value.bind(obj) : value;
    },
  });
}
