// Runs in each test worker before the test file is imported: points DATABASE_URL at a fresh copy
// of the migrated template, so every test file has its own database and lib/db connects to it.
import { afterAll } from "vitest";
import { freshDatabase } from "../helpers/db";

type Disconnectable = { $disconnect(): Promise<void> };
const holder = globalThis as { mixdeskDb?: Disconnectable };

async function dropClient() {
  const client = holder.mixdeskDb;
  delete holder.mixdeskDb;
  await client?.$disconnect();
}

// A worker that ran another file before this one must not hand us that file's client.
await dropClient();

const url = await freshDatabase();
process.env.DATABASE_URL = url;
process.env.MX_TEST_DATABASE_URL = url;

afterAll(dropClient);
