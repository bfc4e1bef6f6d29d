// Facts about one test run shared by vitest's globalSetup (main process) and the test workers:
// where its throwaway databases live and the list test-all.sh later runs ledger:verify over.
import fs from "node:fs";
import path from "node:path";

export const repoRoot = path.resolve(import.meta.dirname, "../..");

export type TestRunInfo = {
  run: string;
  dir: string;
  provider: "sqlite" | "postgres";
  /** SQLite: the migrated template file. PostgreSQL: the migrated template database's name. */
  template: string;
  /** PostgreSQL: URL of the maintenance database on the test server. */
  postgresAdminUrl?: string;
};

declare module "vitest" {
  export interface ProvidedContext {
    mxTestRun: TestRunInfo;
  }
}

export const DEFAULT_TEST_POSTGRES_URL = "postgresql://postgres:postgres@127.0.0.1:5432/postgres";

/** A run id safe inside a PostgreSQL identifier; test-all.sh passes one in MX_TEST_RUN. */
export function runId(): string {
  const given = process.env.MX_TEST_RUN?.toLowerCase().replace(/[^a-z0-9_]/g, "_");
  return given || `r${Date.now().toString(36)}${process.pid.toString(36)}`;
}

export const runDir = (run: string) => path.join(repoRoot, ".test-data", run);
export const databasesList = (dir: string) => path.join(dir, "databases.txt");

export function recordDatabase(dir: string, url: string) {
  fs.mkdirSync(dir, { recursive: true });
  fs.appendFileSync(databasesList(dir), `${url}\n`);
}

/** The fuzz suite's size and seed: FUZZ_RUNS (default 2,000 requests) and FUZZ_SEED. */
export function fuzzSettings() {
  return { runs: Number(process.env.FUZZ_RUNS ?? 2000), seed: Number(process.env.FUZZ_SEED ?? 20261130) };
}
