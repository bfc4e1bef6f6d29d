// Transactions are isolated from the rest of the process on both engines. On SQLite every statement
// shares one connection (lib/db-sqlite-isolation.ts): without the lock, a read made by another
// request while a transaction is open saw its uncommitted writes, and a write made meanwhile was
// rolled back with it. PostgreSQL gives each transaction its own connection; the same checks hold.
import { randomUUID } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { db } from "@/lib/db";

const newUser = (balance: number) =>
  db.user.create({
    data: { email: `iso-${randomUUID()}@example.com`, name: "Before", passwordHash: "x", balance },
  });

// Balances are written here without ledger entries: the users go at the end, so the run's
// ledger:verify over every test database has nothing to disagree with.
afterAll(async () => {
  await db.user.deleteMany({ where: { email: { startsWith: "iso-" } } });
});

/** Opens a transaction that writes `userId`'s balance, waits for `during` to finish, then fails. */
async function failingTransactionAround<T>(userId: string, during: () => Promise<T>): Promise<T> {
  let result: T | undefined;
  let opened!: () => void;
  const open = new Promise<void>((r) => {
    opened = r;
  });
  const tx = db
    .$transaction(async (t) => {
      await t.user.update({ where: { id: userId }, data: { balance: 999 } });
      opened();
      // Long enough for `during` to have run, had it not waited for this transaction.
      await new Promise((r) => setTimeout(r, 300));
      throw new Error("rolled back on purpose");
    })
    .catch((error: Error) => error.message);
  await open;
  const started = during().then((r) => {
    result = r;
  });
  expect(await tx).toBe("rolled back on purpose");
  await started;
  return result as T;
}

describe("transaction isolation", () => {
  it("a read outside the transaction never sees its uncommitted writes", async () => {
    const user = await newUser(100);
    const seen = await failingTransactionAround(user.id, async () => {
      return (await db.user.findUniqueOrThrow({ where: { id: user.id } })).balance;
    });
    expect(seen).toBe(100);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).balance).toBe(100);
  });

  it("a write outside the transaction is not rolled back with it", async () => {
    const inTx = await newUser(100);
    const other = await newUser(5);
    await failingTransactionAround(inTx.id, () =>
      db.user.update({ where: { id: other.id }, data: { name: "Written meanwhile" } }),
    );
    expect((await db.user.findUniqueOrThrow({ where: { id: other.id } })).name).toBe("Written meanwhile");
    expect((await db.user.findUniqueOrThrow({ where: { id: inTx.id } })).balance).toBe(100);
  });

  it("the global client used inside a transaction's own callback does not wait for itself", async () => {
    const user = await newUser(7);
    const count = await db.$transaction(
      async (t) => {
        await t.user.update({ where: { id: user.id }, data: { balance: 8 } });
        return db.user.count({ where: { id: user.id } });
      },
      { timeout: 5_000 },
    );
    expect(count).toBe(1);
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).balance).toBe(8);
  });

  it("transactions and single statements from many requests at once all complete", async () => {
    const user = await newUser(0);
    await Promise.all(
      Array.from({ length: 40 }, (_, i) =>
        i % 2
          ? db.$transaction(async (t) => {
              await t.user.update({ where: { id: user.id }, data: { balance: { increment: 1 } } });
            })
          : db.user.update({ where: { id: user.id }, data: { balance: { increment: 1 } } }),
      ),
    );
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).balance).toBe(40);
  });
});
