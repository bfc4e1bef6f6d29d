import pg from "pg";
import { afterEach, describe, expect, it, vi } from "vitest";
import { db, dbProvider } from "@/lib/db";
import { directValues } from "@/lib/db-direct";
import { testDatabaseUrl } from "@/test/helpers/db";

describe.runIf(dbProvider() === "postgres")("the PostgreSQL pool", () => {
  afterEach(() => {
    vi.restoreAllMocks();
  });

  it("survives the server closing its idle connections, and the next queries reconnect", async () => {
    // Several idle connections in the pool, used by direct reads and by Prisma.
    await Promise.all([directValues("SELECT pg_sleep(0.05)", []), directValues("SELECT pg_sleep(0.05)", [])]);
    await db.user.count();
    const logged = vi.spyOn(console, "error").mockImplementation(() => undefined);
    // What a PostgreSQL restart or an administrator does to them.
    const admin = new pg.Client({ connectionString: testDatabaseUrl() });
    await admin.connect();
    const { rows } = await admin.query<{ ended: boolean }>(
      `SELECT pg_terminate_backend(pid) AS ended FROM pg_stat_activity
       WHERE datname = current_database() AND pid <> pg_backend_pid() AND state = 'idle'`,
    );
    await admin.end();
    expect(rows.length).toBeGreaterThan(0);
    await vi.waitFor(() => expect(logged).toHaveBeenCalledTimes(rows.length), { timeout: 5_000 });
    expect(logged.mock.calls[0].join(" ")).toMatch(/idle PostgreSQL connection was closed: .*terminat/);
    // Still here, and the pool opens new connections for both ways of reading.
    expect(await directValues("SELECT 1 + 1", [])).toEqual([[2]]);
    expect(await db.user.count()).toBeGreaterThanOrEqual(0);
  });
});
