// A pg Pool for Prisma's JS schema engine. @prisma/adapter-pg 6.19 cannot decode PostgreSQL's
// internal `name` type (OID 19), which the migration engine reads from the catalogs
// (prisma/orm#27403), so results report such columns as text (OID 25); the values are strings already.
import pg from "pg";

const NAME_OID = 19;
const TEXT_OID = 25;

type QueryResultLike = { fields?: { dataTypeID: number }[] };

function fixFields<T>(result: T): T {
  for (const r of Array.isArray(result) ? result : [result]) {
    for (const field of (r as QueryResultLike)?.fields ?? []) {
      if (field.dataTypeID === NAME_OID) field.dataTypeID = TEXT_OID;
    }
  }
  return result;
}

function wrapQuery<C extends { query: (...args: never[]) => unknown }>(client: C): C {
  const original = client.query.bind(client) as (...args: unknown[]) => unknown;
  (client as { query: unknown }).query = (...args: unknown[]) => {
    const out = original(...args);
    return out instanceof Promise ? out.then(fixFields) : out;
  };
  return client;
}

export function migrationPool(connectionString: string): pg.Pool {
  const pool = wrapQuery(new pg.Pool({ connectionString }));
  // biome-ignore lint/suspicious/noConfusingVoidType: mirrors pg's own overloads (callback form returns void)
  const connect = pool.connect.bind(pool) as (cb?: unknown) => Promise<pg.PoolClient> | void;
  const patch = (client: pg.PoolClient | undefined) => {
    if (client && !(client as { __nameFix?: true }).__nameFix) {
      wrapQuery(client);
      (client as { __nameFix?: true }).__nameFix = true;
    }
    return client;
  };
  // pg's Pool.query calls connect() with a callback, the adapter awaits it: keep both forms.
  (pool as { connect: unknown }).connect = (
    cb?: (err: Error | undefined, c?: pg.PoolClient, done?: unknown) => void,
  ) => {
    if (typeof cb === "function") {
      return connect((err: Error | undefined, client?: pg.PoolClient, done?: unknown) => cb(err, patch(client), done));
    }
    return (connect() as Promise<pg.PoolClient>).then((client) => patch(client)!);
  };
  return pool;
}
