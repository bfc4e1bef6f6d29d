// Throwaway databases for tests. Each test file already gets one (testDatabaseUrl(), also in
// DATABASE_URL); freshDatabase() makes more, e.g. for a server or for comparing migrations.
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import { inject } from "vitest";
import { quoteIdent, withDatabase } from "../../scripts/db-migrate";
import { recordDatabase, type TestRunInfo } from "./test-run";

export function testRun(): TestRunInfo {
  return inject("mxTestRun");
}

export const testProvider = (): "sqlite" | "postgres" => testRun().provider;

/** The database this test file runs against (what lib/db connects to). */
export function testDatabaseUrl(): string {
  const url = process.env.MX_TEST_DATABASE_URL;
  if (!url) throw new Error("no test database: is test/setup/database.ts in vitest's setupFiles?");
  return url;
}

async function createPostgresDatabase(adminUrl: string, name: string, template?: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const sql = `CREATE DATABASE ${quoteIdent(name)}${template ? ` TEMPLATE ${quoteIdent(template)}` : ""}`;
    // Copying a template fails while another session is connected to it (55006); those moments are short.
    for (let attempt = 0; ; attempt++) {
      try {
        await client.query(sql);
        return;
      } catch (error) {
        if ((error as { code?: string }).code !== "55006" || attempt >= 50) throw error;
        await new Promise((r) => setTimeout(r, 100 + Math.random() * 200));
      }
    }
  } finally {
    await client.end();
  }
}

/**
 * A new database for this run, recorded for the post-run ledger check. `migrated: false` gives an
 * empty one (SQLite: a path with no file yet).
 */
export async function freshDatabase(opts: { migrated?: boolean } = {}): Promise<string> {
  const info = testRun();
  const migrated = opts.migrated ?? true;
  const id = crypto.randomBytes(5).toString("hex");
  let url: string;
  if (info.provider === "postgres") {
    const name = `mx_t_${info.run}_${id}`;
    await createPostgresDatabase(info.postgresAdminUrl!, name, migrated ? info.template : undefined);
    url = withDatabase(info.postgresAdminUrl!, name);
  } else {
    const file = path.join(info.dir, `${id}.db`);
    if (migrated) fs.copyFileSync(info.template, file);
    url = `file:${file}`;
  }
  recordDatabase(info.dir, url);
  return url;
}
