// `npm run admin -- migrate-data`: copies every row of a SQLite install into a PostgreSQL database
// migrated to the same schema, table by table in dependency order and in batches, through the two
// generated Prisma clients, so ids, timestamps (milliseconds), BigInt durations, the JSON kept in
// text columns and every ledger entry arrive exactly as they were. The target must be empty unless
// resuming an interrupted copy (rows already there are skipped by primary key). Ends by comparing
// row counts per table and recomputing every balance from the copied ledger.
import "server-only";
import fs from "node:fs";
import { PrismaBetterSQLite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import { type LedgerMismatch, verifyLedger } from "@/lib/billing/ledger";
import type { Db } from "@/lib/db";
import { resolveDatabaseUrl } from "@/lib/db-url";
import { AppError } from "@/lib/errors";
import { PrismaClient as PostgresClient } from "@/lib/generated/prisma-postgres";
import { Prisma, PrismaClient as SqliteClient } from "@/lib/generated/prisma-sqlite";

/**
 * Every model, parents before children (each foreign key points at a model earlier in the list),
 * with its primary key. A model missing here fails the copy before anything is written.
 */
export const COPY_ORDER: { model: Prisma.ModelName; key: string }[] = [
  { model: "User", key: "id" },
  { model: "Team", key: "id" },
  { model: "Membership", key: "id" },
  { model: "Invite", key: "id" },
  { model: "ApiKey", key: "id" },
  { model: "AuthSession", key: "id" },
  { model: "LedgerEntry", key: "id" },
  { model: "Order", key: "id" },
  { model: "OrderFile", key: "id" },
  { model: "TranscriptVersion", key: "id" },
  { model: "Price", key: "orderType" },
  { model: "Upload", key: "id" },
  { model: "Draft", key: "id" },
  { model: "StudioProject", key: "id" },
  { model: "DraftMaterial", key: "id" },
  { model: "ShortVideoParse", key: "id" },
  { model: "MusicTask", key: "id" },
  { model: "TeamWebhook", key: "teamId" },
  { model: "WebhookDelivery", key: "id" },
  { model: "Setting", key: "key" },
  // Upstream keys are copied sealed: the target install needs the same RELAY_MASTER_KEY.
  { model: "Upstream", key: "id" },
  { model: "RelayTask", key: "id" },
  { model: "UpstreamCall", key: "id" },
  { model: "ReconcileDrift", key: "id" },
];

export type TableReport = { model: string; source: number; copied: number; target: number };
export type MigrateDataReport = {
  tables: TableReport[];
  ledger: { users: number; entries: number; mismatches: LedgerMismatch[] };
  ok: boolean;
};

export type MigrateDataOptions = {
  /** `file:` URL of the SQLite database to read. */
  from: string;
  /** `postgresql://` URL of the migrated target database. */
  to: string;
  /** Continue an interrupted copy: rows whose key is already in the target are skipped. */
  resume?: boolean;
  batchSize?: number;
  log?: (line: string) => void;
};

type Delegate = {
  findMany(args: object): Promise<Record<string, unknown>[]>;
  createMany(args: { data: object[]; skipDuplicates?: boolean }): Promise<{ count: number }>;
  count(): Promise<number>;
};
const delegate = (client: unknown, model: string) =>
  (client as Record<string, Delegate>)[model.charAt(0).toLowerCase() + model.slice(1)];

/** Names of the migrations applied to a database (the same names for both providers). */
async function appliedMigrations(client: SqliteClient | PostgresClient): Promise<string[]> {
  const rows = (await (client as SqliteClient).$queryRawUnsafe(
    `SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL`,
  )) as { migration_name: string }[];
  return rows.map((r) => r.migration_name).sort();
}

function openClients(from: string, to: string) {
  const source = resolveDatabaseUrl(from);
  const target = resolveDatabaseUrl(to);
  if (source.provider !== "sqlite")
    throw new AppError("bad_request", `--from must be a file: URL (SQLite); got ${from}`);
  if (target.provider !== "postgres")
    throw new AppError("bad_request", `--to must be a postgresql:// URL; got ${to.replace(/\/\/[^@]*@/, "//")}`);
  // The adapter would create a missing file: a typo must not "migrate" an empty database.
  if (!fs.existsSync(source.file)) throw new AppError("not_found", `No SQLite database at ${source.file}`);
  const sqlite = new SqliteClient({ adapter: new PrismaBetterSQLite3({ url: `file:${source.file}` }) });
  const postgres = new PostgresClient({ adapter: new PrismaPg({ connectionString: target.url, max: 4 }) });
  return { sqlite, postgres, sourceName: source.file };
}

async function checkSchemas(sqlite: SqliteClient, postgres: PostgresClient) {
  const missing = Object.values(Prisma.ModelName).filter((m) => !COPY_ORDER.some((t) => t.model === m));
  if (missing.length) throw new Error(`migrate-data does not know where to copy ${missing.join(", ")} (COPY_ORDER)`);
  const [a, b] = await Promise.all([appliedMigrations(sqlite), appliedMigrations(postgres)]).catch((error) => {
    throw new AppError("conflict", `Both databases must be migrated (npm run db:migrate): ${(error as Error).message}`);
  });
  const onlySource = a.filter((m) => !b.includes(m));
  const onlyTarget = b.filter((m) => !a.includes(m));
  if (onlySource.length || onlyTarget.length) {
    throw new AppError(
      "conflict",
      `The databases are at different schema versions (run npm run db:migrate on both with this release): ` +
        `only in the source: ${onlySource.join(", ") || "none"}; only in the target: ${onlyTarget.join(", ") || "none"}`,
    );
  }
}

async function copyTable(
  sqlite: SqliteClient,
  postgres: PostgresClient,
  { model, key }: (typeof COPY_ORDER)[number],
  batchSize: number,
  log: (line: string) => void,
): Promise<TableReport> {
  const from = delegate(sqlite, model);
  const to = delegate(postgres, model);
  const source = await from.count();
  let copied = 0;
  let seen = 0;
  let after: unknown;
  // Keyset pagination on the primary key: stable however large the table, no OFFSET scans.
  for (;;) {
    const rows = await from.findMany({
      where: after === undefined ? undefined : { [key]: { gt: after } },
      orderBy: { [key]: "asc" },
      take: batchSize,
    });
    if (rows.length === 0) break;
    // skipDuplicates only matters on --resume (the target is otherwise checked empty).
    copied += (await to.createMany({ data: rows, skipDuplicates: true })).count;
    seen += rows.length;
    after = rows[rows.length - 1][key];
    if (source > batchSize) log(`  ${model}: ${seen}/${source}`);
  }
  return { model, source, copied, target: await to.count() };
}

export async function migrateData(opts: MigrateDataOptions): Promise<MigrateDataReport> {
  const log = opts.log ?? (() => {});
  const batchSize = opts.batchSize ?? 500;
  const { sqlite, postgres, sourceName } = openClients(opts.from, opts.to);
  try {
    await checkSchemas(sqlite, postgres);
    if (!opts.resume) {
      const filled: string[] = [];
      for (const t of COPY_ORDER) {
        const n = await delegate(postgres, t.model).count();
        if (n > 0) filled.push(`${t.model} (${n})`);
      }
      if (filled.length) {
        throw new AppError(
          "conflict",
          `The target database is not empty: ${filled.join(", ")}. Use an empty database, or --resume to continue an interrupted copy.`,
        );
      }
    }
    log(`copying ${sourceName} → ${opts.to.replace(/\/\/[^@]*@/, "//")}`);
    const tables: TableReport[] = [];
    for (const t of COPY_ORDER) {
      tables.push(await copyTable(sqlite, postgres, t, batchSize, log));
    }
    const ledger = await verifyLedger(postgres as unknown as Db);
    const ok = tables.every((t) => t.source === t.target) && ledger.mismatches.length === 0;
    return { tables, ledger, ok };
  } finally {
    await Promise.all([sqlite.$disconnect(), postgres.$disconnect()]);
  }
}
