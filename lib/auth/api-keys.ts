// Per-user API keys: `mxk_` + 32 random bytes, stored only as SHA-256 with a 4-character hint.
// A key acts for its user in the team it was created in.
import "server-only";
import { createHash, hash, randomBytes } from "node:crypto";
import { db } from "@/lib/db";
import DataLoader from "dataloader";
import { asBool, asMillis, directIsRemote, directValues } from "@/lib/db-direct";
import { notFound } from "@/lib/errors";
import type { RequestHead } from "@/lib/http/reply";
import type { CreateApiKeyInput } from "@/lib/contracts/account";

export const API_KEY_PREFIX = "mxk_";
const LAST_USED_RESOLUTION_MS = 60_000;

// crypto.hash (Node 20.12+) is the one-shot form, a fifth of createHash's cost.
export const hashApiKey: (key: string) => string =
  typeof hash === "function"
    ? (key) => hash("sha256", key, "hex")
    : (key) => createHash("sha256").update(key).digest("hex");

type ApiKeyRow = {
  id: string;
  name: string;
  hint: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
  team?: { id: string; name: string };
};

export function apiKeyView(k: ApiKeyRow, now = new Date()) {
  const status = k.revokedAt ? "revoked" : k.expiresAt && k.expiresAt <= now ? "expired" : "active";
  return {
    id: k.id,
    name: k.name,
    hint: `${API_KEY_PREFIX}…${k.hint}`,
    team: k.team ?? null,
    createdAt: k.createdAt,
    lastUsedAt: k.lastUsedAt,
    expiresAt: k.expiresAt,
    revokedAt: k.revokedAt,
    status,
  } as const;
}

export async function createApiKey(userId: string, teamId: string, input: CreateApiKeyInput) {
  const key = API_KEY_PREFIX + randomBytes(32).toString("base64url");
  const row = await db.apiKey.create({
    data: {
      userId,
      teamId,
      name: input.name,
      hashedKey: hashApiKey(key),
      hint: key.slice(-4),
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    },
    include: { team: { select: { id: true, name: true } } },
  });
  return { key, apiKey: apiKeyView(row) };
}

export async function listApiKeys(userId: string) {
  const rows = await db.apiKey.findMany({
    where: { userId },
    orderBy: { createdAt: "desc" },
    include: { team: { select: { id: true, name: true } } },
  });
  return rows.map((r) => apiKeyView(r));
}

export async function revokeApiKey(userId: string, id: string) {
  const found = await db.apiKey.findFirst({ where: { id, userId } });
  if (!found) throw notFound("API key not found");
  const row = found.revokedAt ? found : await db.apiKey.update({ where: { id }, data: { revokedAt: new Date() } });
  return apiKeyView(row);
}

export type ApiKeyPrincipal = {
  apiKeyId: string;
  user: { id: string; email: string; name: string; role: "user" | "admin"; balance: number };
  team: { id: string; name: string };
};

export type ApiKeyFailure = "API Key is required" | "Invalid API Key";

/** The key a request carries: `Authorization: Bearer <key>` first, then `?apiKey=`. */
export function apiKeyFromRequest(req: RequestHead): string | null {
  const header = req.headers.get("authorization");
  if (header) {
    const m = /^Bearer\s+(.+)$/i.exec(header.trim());
    if (m?.[1].trim()) return m[1].trim();
  }
  const fromQuery = new URL(req.url).searchParams.get("apiKey");
  return fromQuery?.trim() ? fromQuery.trim() : null;
}

/**
 * A read that rides on the key lookup's statement, for a request that needs its key and one row of
 * its team: one round trip for both (issue #13's "one query where today there are several"). The
 * row is joined to the key `k` and must be scoped by the key's team (`k."teamId"`).
 */
export type KeyedRead<T> = {
  /** The SQL, the same object for every read of its kind (a module constant): statements are
   * built, prepared and batched by it. */
  shape: KeyedShape;
  /** Values for the join's `?` placeholders, in order. */
  params: unknown[];
  /** The joined row from the statement's values, where the shape's columns are `values[at]`,
   * `values[at + 1]`, … in the order of its `columns`; null when the join found nothing. */
  read(values: readonly unknown[], at: number): T | null;
};

export type KeyedShape = {
  /** Extra SELECT columns, each aliased so that they cannot clash with the key's. */
  columns: string;
  /** A LEFT JOIN onto `k`; its `?` placeholders are bound from the read's `params` (text values:
   * lookups made together send them as text, in PostgreSQL arrays or a SQLite JSON list). */
  join: string;
};

/** The request's key, resolved; with a `keyed` read, also what that read found (`keyed`). */
export async function resolveApiKey<T = never>(
  req: RequestHead,
  keyed?: KeyedRead<T>,
): Promise<{ ok: true; principal: ApiKeyPrincipal; keyed?: T | null } | { ok: false; error: ApiKeyFailure }> {
  const key = apiKeyFromRequest(req);
  if (!key) return { ok: false, error: "API Key is required" };
  if (!key.startsWith(API_KEY_PREFIX) || key.length > 200) return { ok: false, error: "Invalid API Key" };
  const found = await findKeyRow(hashApiKey(key), keyed);
  const row = found?.key;
  const now = Date.now();
  if (
    !row ||
    row.revokedAt !== null ||
    (row.expiresAt !== null && row.expiresAt <= now) ||
    row.disabled ||
    !row.member
  ) {
    return { ok: false, error: "Invalid API Key" };
  }
  noteKeyUse(row.id, row.userId, row.lastUsedAt, now);
  return {
    ok: true,
    principal: {
      apiKeyId: row.id,
      user: { id: row.userId, email: row.email, name: row.name, role: row.role, balance: row.balance },
      team: { id: row.teamId, name: row.teamName },
    },
    ...(keyed ? { keyed: found.keyed } : {}),
  };
}

type KeyRow = {
  id: string;
  userId: string;
  teamId: string;
  /** Times in epoch milliseconds (no Date made on the hot path). */
  expiresAt: number | null;
  revokedAt: number | null;
  lastUsedAt: number | null;
  email: string;
  name: string;
  role: "user" | "admin";
  balance: number;
  disabled: boolean;
  teamName: string;
  member: boolean;
};

// The key's columns, read by position (keyRowOf); a keyed read's columns follow them.
const KEY_COLUMNS = `k."id", k."userId", k."teamId", k."expiresAt", k."revokedAt", k."lastUsedAt",
           u."email", u."name", u."role", u."balance", u."disabled",
           t."name" AS "teamName", m."id" AS "memberId"`;
const KEYED_AT = 13;
const KEY_JOINS = `JOIN "User" u ON u."id" = k."userId"
    JOIN "Team" t ON t."id" = k."teamId"
    LEFT JOIN "Membership" m ON m."userId" = k."userId" AND m."teamId" = k."teamId"`;

type Lookup = { hashedKey: string; keyed?: KeyedRead<unknown> };
/** A lookup's row: its values in the SELECT's order. */
type Row = unknown[];

// The statements by shape, built once (plain lookups under PLAIN).
const PLAIN: KeyedShape = { columns: "", join: "" };
const oneSql = new Map<KeyedShape, string>();
const manySql = new Map<KeyedShape, string>();
const columnsOf = (shape: KeyedShape) => (shape.columns ? `${KEY_COLUMNS}, ${shape.columns}` : KEY_COLUMNS);

/** One lookup, one statement: the key (and its keyed read) by the key's hash. */
function lookupOne({ hashedKey, keyed }: Lookup) {
  const shape = keyed?.shape ?? PLAIN;
  let sql = oneSql.get(shape);
  if (sql === undefined) {
    sql = `SELECT ${columnsOf(shape)}
    FROM "ApiKey" k
    ${KEY_JOINS}
    ${shape.join}
    WHERE k."hashedKey" = ?`;
    oneSql.set(shape, sql);
  }
  return directValues(sql, keyed ? [...keyed.params, hashedKey] : [hashedKey]).then((rows) => rows[0]);
}

/**
 * Many lookups of one shape in one statement. The hashes and the keyed reads' parameters go in as
 * one list (PostgreSQL: text arrays through `unnest`; SQLite: a JSON array of rows through
 * `json_each`) and come back numbered, each at most once (every join is on a unique key). The number
 * is the last column, so the other columns keep their positions. The keyed join's `?`s become the
 * list's parameter columns.
 */
async function lookupMany(lookups: readonly Lookup[]): Promise<(Row | undefined)[]> {
  const shape = lookups[0].keyed?.shape ?? PLAIN;
  const width = lookups[0].keyed?.params.length ?? 0;
  const remote = directIsRemote();
  let sql = manySql.get(shape);
  if (sql === undefined) {
    sql = remote ? manyStatementPg(shape, width) : manyStatementSqlite(shape);
    manySql.set(shape, sql);
  }
  const params = remote
    ? [
        lookups.map((l) => l.hashedKey),
        ...Array.from({ length: width }, (_, j) => lookups.map((l) => (l.keyed?.params[j] ?? null) as string | null)),
      ]
    : [JSON.stringify(lookups.map((l) => (l.keyed ? [l.hashedKey, ...l.keyed.params] : [l.hashedKey])))];
  const rows = await directValues(sql, params);
  const byIndex = new Map(rows.map((r) => [Number(r[r.length - 1]), r]));
  return lookups.map((_, i) => byIndex.get(i + 1));
}

function manyStatementPg(shape: KeyedShape, width: number) {
  const names = Array.from({ length: width }, (_, j) => `"p${j + 1}"`);
  let next = 0;
  return `SELECT ${columnsOf(shape)}, q."i" AS "q_i"
    FROM unnest(${["?::text[]", ...names.map(() => "?::text[]")].join(", ")}) WITH ORDINALITY AS q("h", ${[...names, '"i"'].join(", ")})
    JOIN "ApiKey" k ON k."hashedKey" = q."h"
    ${KEY_JOINS}
    ${shape.join.replace(/\?/g, () => `q.${names[next++]}`)}`;
}

// Each element of the JSON list is one lookup's row, [hash, p1, …]; json_each numbers them from 0.
// The planner walks the list and finds each key by its unique index.
function manyStatementSqlite(shape: KeyedShape) {
  let next = 1;
  return `SELECT ${columnsOf(shape)}, q."key" + 1 AS "q_i"
    FROM json_each(?) q
    JOIN "ApiKey" k ON k."hashedKey" = q."value" ->> 0
    ${KEY_JOINS}
    ${shape.join.replace(/\?/g, () => `(q."value" ->> ${next++})`)}`;
}

// The lookups of the requests one turn of the event loop read (each connection's request arrives
// in the same poll of the sockets) go to the database as one statement. PostgreSQL: 30 clients
// polling cost one round trip, not 30. SQLite: one statement's fixed costs (the read transaction's
// lock on the WAL index, the statement's setup) are paid once for the batch; a lookup costs about
// 4 µs in a batch of 8 or more, against 9–10 µs alone (in-process loop). Each request still reads
// after it arrived: nothing is cached (cache: false), a revoked key is refused by the next
// statement. A lookup alone in its turn is sent as it always was.
const loaders = new Map<KeyedShape, DataLoader<Lookup, Row | undefined>>();
function loaderFor(shape: KeyedShape) {
  let loader = loaders.get(shape);
  if (!loader) {
    loader = new DataLoader<Lookup, Row | undefined>(
      (lookups) => (lookups.length === 1 ? lookupOne(lookups[0]).then((r) => [r]) : lookupMany(lookups)),
      { cache: false, maxBatchSize: 64, batchScheduleFn: (dispatch) => setImmediate(dispatch) },
    );
    loaders.set(shape, loader);
  }
  return loader;
}

async function findKeyRow<T>(
  hashedKey: string,
  keyed?: KeyedRead<T>,
): Promise<{ key: KeyRow; keyed: T | null } | null> {
  const lookup: Lookup = { hashedKey, keyed: keyed as KeyedRead<unknown> | undefined };
  const r = await loaderFor(keyed?.shape ?? PLAIN).load(lookup);
  if (!r) return null;
  return { key: keyRowOf(r), keyed: keyed ? keyed.read(r, KEYED_AT) : null };
}

function keyRowOf(r: Row): KeyRow {
  return {
    id: String(r[0]),
    userId: String(r[1]),
    teamId: String(r[2]),
    expiresAt: asMillis(r[3]),
    revokedAt: asMillis(r[4]),
    lastUsedAt: asMillis(r[5]),
    email: String(r[6]),
    name: String(r[7]),
    role: r[8] === "admin" ? "admin" : "user",
    balance: Number(r[9]),
    disabled: asBool(r[10]),
    teamName: String(r[11]),
    member: r[12] !== null && r[12] !== undefined,
  };
}

// Last-used is kept to the minute: within a burst only the first request writes, and the write
// is conditional so several server processes do not repeat it either.
const lastWritten = new Map<string, number>();
function noteKeyUse(id: string, userId: string, stored: number | null, nowMs: number) {
  const cutoff = nowMs - LAST_USED_RESOLUTION_MS;
  if ((stored !== null && stored > cutoff) || (lastWritten.get(id) ?? 0) > cutoff) return;
  lastWritten.set(id, nowMs);
  const now = new Date(nowMs);
  if (lastWritten.size > 10_000) lastWritten.clear();
  const threshold = new Date(cutoff);
  void Promise.all([
    db.apiKey.updateMany({
      where: { id, OR: [{ lastUsedAt: null }, { lastUsedAt: { lt: threshold } }] },
      data: { lastUsedAt: now },
    }),
    db.user.updateMany({
      where: { id: userId, OR: [{ lastActiveAt: null }, { lastActiveAt: { lt: threshold } }] },
      data: { lastActiveAt: now },
    }),
  ]).catch((error) => console.error("[api-keys] could not record last use", error));
}
