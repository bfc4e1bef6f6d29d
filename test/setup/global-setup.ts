// Vitest globalSetup: migrates one template database per run (SQLite file or PostgreSQL database,
// chosen by TEST_DB), which every test file then copies (test/setup/database.ts), and cleans up
// afterwards unless MX_KEEP_TEST_DBS=1 (test-all.sh keeps them to run ledger:verify on each).
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import type { TestProject } from "vitest/node";
import { migrateDatabase, quoteIdent, withDatabase, databaseName } from "../../scripts/db-migrate";
import { DEFAULT_TEST_POSTGRES_URL, databasesList, runDir, runId, type TestRunInfo } from "../helpers/test-run";

async function adminQuery(adminUrl: string, sql: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

export default async function setup(project: TestProject) {
  const run = runId();
  const dir = runDir(run);
  fs.mkdirSync(dir, { recursive: true });
  const provider = process.env.TEST_DB === "postgres" ? "postgres" : "sqlite";
  let info: TestRunInfo;

  if (provider === "postgres") {
    const adminUrl = withDatabase(process.env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL, "postgres");
    const template = `mx_template_${run}`;
    try {
      await adminQuery(adminUrl, `DROP DATABASE IF EXISTS ${quoteIdent(template)} WITH (FORCE)`);
    } catch (error) {
      throw new Error(
        `TEST_DB=postgres but PostgreSQL at ${new URL(adminUrl).host} is not usable: ${(error as Error).message}`,
      );
    }
    await migrateDatabase(withDatabase(adminUrl, template), { quiet: true });
    info = { run, dir, provider, template, postgresAdminUrl: adminUrl };
  } else {
    const template = path.join(dir, "template.db");
    fs.rmSync(template, { force: true });
    await migrateDatabase(`file:${template}`, { quiet: true });
    info = { run, dir, provider, template };
  }
  project.provide("mxTestRun", info);

  return async () => {
    if (info.provider === "postgres") {
      await adminQuery(info.postgresAdminUrl!, `DROP DATABASE IF EXISTS ${quoteIdent(info.template)} WITH (FORCE)`);
    }
    if (process.env.MX_KEEP_TEST_DBS === "1") return;
    const list = databasesList(dir);
    const urls = fs.existsSync(list) ? fs.readFileSync(list, "utf8").split("\n").filter(Boolean) : [];
    for (const url of urls.filter((u) => u.startsWith("postgres"))) {
      await adminQuery(
        info.postgresAdminUrl!,
        `DROP DATABASE IF EXISTS ${quoteIdent(databaseName(url))} WITH (FORCE)`,
      ).catch(() => {});
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };
}
