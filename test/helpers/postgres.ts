// A PostgreSQL server for tests that need one whatever TEST_DB says (e.g. copying SQLite data into
// it): TEST_POSTGRES_URL or the default local server. Unreachable is an error in CI (CI=true), and
// otherwise a reason the caller gives when it skips.
import pg from "pg";
import { DEFAULT_TEST_POSTGRES_URL } from "./test-run";

export type PostgresForTests = { adminUrl: string } | { adminUrl: null; reason: string };

export async function postgresForTests(): Promise<PostgresForTests> {
  const adminUrl = process.env.TEST_POSTGRES_URL || DEFAULT_TEST_POSTGRES_URL;
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
    await client.end();
    return { adminUrl };
  } catch (error) {
    const reason = `PostgreSQL at ${new URL(adminUrl).host} is unreachable (${(error as Error).message}); set TEST_POSTGRES_URL`;
    if (process.env.CI === "true") throw new Error(reason);
    return { adminUrl: null, reason };
  }
}

/** Creates an empty database on the server (dropped by dropDatabase). */
export async function createEmptyDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
    await client.query(`CREATE DATABASE "${name}"`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

export async function dropDatabase(adminUrl: string, name: string) {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    await client.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
  } finally {
    await client.end();
  }
}
