// `npm run test:crash`: the crash suite alone (test/crash/*.crash.ts), on PostgreSQL when
// TEST_POSTGRES_URL (or the default local one) answers, else on SQLite, with a real redis-server.
import pg from "pg";
import type { ViteUserConfig } from "vitest/config";
import base from "./vitest.config";

async function postgresAnswers(url: string) {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

const postgresUrl = process.env.TEST_POSTGRES_URL || "postgresql://postgres:postgres@127.0.0.1:5432/postgres";
if (!process.env.TEST_DB && (await postgresAnswers(postgresUrl))) process.env.TEST_DB = "postgres";
console.log(`[crash] database: ${process.env.TEST_DB === "postgres" ? "PostgreSQL" : "SQLite"}`);

const config: ViteUserConfig = {
  ...base,
  test: { ...base.test, include: ["test/crash/**/*.crash.ts"], testTimeout: 1_500_000 },
};
export default config;
