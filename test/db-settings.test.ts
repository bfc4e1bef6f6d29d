// The database connection's durability settings. SQLite in WAL mode runs with synchronous = NORMAL
// (commits atomic and crash-safe, the log synced at checkpoints), so the web server's thread does not
// wait for an fsync at every commit; PostgreSQL keeps its default synchronous commit.
import { describe, expect, it } from "vitest";
import { db, dbProvider, textContains } from "@/lib/db";

describe("database connection settings", () => {
  it("SQLite: WAL with synchronous NORMAL; PostgreSQL: synchronous commit on", async () => {
    if (dbProvider() === "sqlite") {
      // The setting is applied as the client connects; the first query waits for that.
      await db.user.count();
      const [{ synchronous }] = await db.$queryRawUnsafe<{ synchronous: bigint | number }[]>("PRAGMA synchronous");
      expect(Number(synchronous)).toBe(1); // 0 OFF, 1 NORMAL, 2 FULL
      const [{ journal_mode }] = await db.$queryRawUnsafe<{ journal_mode: string }[]>("PRAGMA journal_mode");
      expect(journal_mode).toBe("wal");
    } else {
      const [{ synchronous_commit }] =
        await db.$queryRawUnsafe<{ synchronous_commit: string }[]>("SHOW synchronous_commit");
      expect(synchronous_commit).toBe("on");
    }
  });

  it("searches people type ignore case on both databases (PostgreSQL needs ILIKE)", async () => {
    await db.user.create({ data: { email: "case@example.com", name: "Beach Vlog", passwordHash: "x" } });
    const found = await db.user.findMany({ where: { name: textContains("beach vlog") }, select: { email: true } });
    expect(found).toEqual([{ email: "case@example.com" }]);
  });
});
