// `npm run admin -- migrate-data`: a SQLite install filled through the real services (accounts, a
// team with an invitee, API keys, credits, orders with result files, drafts with materials, a studio
// project, prices and settings) is copied into a fresh PostgreSQL database, and every row of every
// table arrives unchanged: ids, timestamps, floats, BigInt durations, JSON text and the ledger.
import { PrismaPg } from "@prisma/adapter-pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createApiKey } from "@/lib/auth/api-keys";
import { adminChangeCredits } from "@/lib/billing/admin";
import { db } from "@/lib/db";
import { createDraft } from "@/lib/drafts/service";
import { PrismaClient as PostgresClient } from "@/lib/generated/prisma-postgres";
import { COPY_ORDER, migrateData } from "@/lib/migrate-data";
import { updateSettings } from "@/lib/music/settings";
import { updatePrices } from "@/lib/orders/pricing";
import { createOrder } from "@/lib/orders/service";
import { createProject } from "@/lib/studio/service";
import { createInvite } from "@/lib/teams/service";
import { signUp } from "@/lib/users/service";
import { migrateDatabase } from "@/scripts/db-migrate";
import { runAdmin } from "@/test/helpers/admin-cli";
import { testDatabaseUrl, testProvider } from "@/test/helpers/db";
import { createEmptyDatabase, dropDatabase, postgresForTests } from "@/test/helpers/postgres";
import { seedTextOrder } from "@/test/helpers/text-order";

const pgServer = await postgresForTests();
const runnable = pgServer.adminUrl !== null && testProvider() === "sqlite";
if (!runnable) {
  console.warn(
    `migrate-data tests skipped: ${pgServer.adminUrl === null ? pgServer.reason : "the source must be SQLite (TEST_DB=postgres run)"}`,
  );
}

const dbName = `mx_migrate_${process.pid}_${Date.now().toString(36)}`;
const delegateOf = (client: unknown, model: string) =>
  (client as Record<string, { findMany(a: object): Promise<object[]> }>)[
    model.charAt(0).toLowerCase() + model.slice(1)
  ];

async function fill() {
  const alice = await signUp({ email: "alice@example.com", name: "Alice Ärger 🎧", password: "a long password 1" });
  const aliceUser = await db.user.findUniqueOrThrow({ where: { id: alice.id } });
  const teamId = aliceUser.currentTeamId!;
  const actor = { userId: alice.id, teamId };
  const { url } = await createInvite(alice.id, teamId, 7, 3);
  const bob = await signUp({
    email: "bob@example.com",
    name: "Bob",
    password: "another long password",
    invite: url.split("/").pop()!,
  });
  await createApiKey(alice.id, teamId, { name: "render farm", expiresAt: "2031-01-01T00:00:00Z" });
  await createApiKey(bob.id, teamId, { name: "bob's key", expiresAt: null });
  await adminChangeCredits({
    actorId: alice.id,
    userId: alice.id,
    amount: 500,
    reason: "welcome",
    idempotencyKey: "t1",
  });
  await adminChangeCredits({ actorId: alice.id, userId: alice.id, amount: -7, reason: "fix", idempotencyKey: "t2" });
  await updatePrices(alice.id, [{ orderType: "extract-voice", baseCredits: 3, perMinuteCredits: 2 }]);
  await updateSettings(alice.id, { musicRatePerMinute: 77 });
  // Orders: one waiting (holds credits), one finished with its result files.
  await createOrder(
    actor,
    { orderType: "extract-voice", stuff: { pathKey: "https://example.com/song.mp3" } },
    "idem-1",
    {
      title: "Song «one»",
    },
  );
  const { orderNo } = await seedTextOrder(db, {
    userId: alice.id,
    teamId,
    dataDir: "/tmp/unused",
    pathKey: "https://example.com/talk.mp4",
    durationSec: 12.345,
    segments: [{ start: 0, end: 1.5, text: "héllo 世界" }],
  });
  const order = await db.order.findUniqueOrThrow({ where: { orderNo }, include: { files: true } });
  // Durations past 2^53 µs do not occur, but past 2^31 do: BigInt must survive the copy.
  await db.orderFile.update({ where: { id: order.files[0].id }, data: { durationUs: 9_007_199_254_740_000n } });
  await db.upload.create({
    data: {
      userId: bob.id,
      teamId,
      filename: "take 1.wav",
      path: "uploads/x/take 1.wav",
      bytes: 1234,
      durationUs: 4_294_967_296n,
    },
  });
  const draft = await createDraft(actor, { name: "Draft ✂", width: 1080, height: 1920 });
  await db.draftMaterial.create({
    data: {
      id: "mat-1",
      draftId: draft.id,
      url: "https://example.com/a.mp3",
      urlHash: "abc",
      fileName: "a.mp3",
      displayName: "A",
      durationUs: 3_000_000_000n,
    },
  });
  await createProject(actor, { name: "Studio mix", draftId: draft.id });
}

describe.runIf(runnable)("migrate-data SQLite → PostgreSQL", () => {
  const adminUrl = pgServer.adminUrl!;
  let targetUrl: string;
  let target: PostgresClient;

  beforeAll(async () => {
    await fill();
    targetUrl = await createEmptyDatabase(adminUrl, dbName);
    await migrateDatabase(targetUrl, { quiet: true });
    target = new PostgresClient({ adapter: new PrismaPg({ connectionString: targetUrl, max: 2 }) });
  }, 180_000);
  afterAll(async () => {
    await target?.$disconnect();
    if (targetUrl) await dropDatabase(adminUrl, dbName);
  });

  it("copies every row of every table exactly, and the copied ledger balances", async () => {
    const run = await runAdmin(["migrate-data", "--from", testDatabaseUrl(), "--to", targetUrl, "--batch", "2"]);
    expect(run.stderr).not.toMatch(/MISMATCH|error/i);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/migrate-data ok: \d+ rows; ledger ok \(2 users, 3 entries\)/);

    for (const { model, key } of COPY_ORDER) {
      const args = { orderBy: { [key]: "asc" } };
      const [before, after] = await Promise.all([
        delegateOf(db, model).findMany(args),
        delegateOf(target, model).findMany(args),
      ]);
      expect(after, model).toEqual(before);
    }
    // The comparison is not vacuous: every kind of data the fill made is there.
    for (const model of [
      "User",
      "Team",
      "Membership",
      "Invite",
      "ApiKey",
      "LedgerEntry",
      "Order",
      "OrderFile",
      "Price",
      "Upload",
      "Draft",
      "DraftMaterial",
      "StudioProject",
      "Setting",
    ]) {
      expect((await delegateOf(target, model).findMany({})).length, model).toBeGreaterThan(0);
    }
    const alice = await target.user.findUniqueOrThrow({ where: { email: "alice@example.com" } });
    expect(alice).toMatchObject({ name: "Alice Ärger 🎧", balance: 490, held: 3, spent: 0 });
    expect((await target.orderFile.findMany({ where: { durationUs: 9_007_199_254_740_000n } })).length).toBe(1);
  });

  it("refuses a target that already has rows, and --resume finishes an interrupted copy", async () => {
    await expect(migrateData({ from: testDatabaseUrl(), to: targetUrl })).rejects.toThrow(/not empty: User \(2\)/);

    // An interrupted copy: the later tables never arrived.
    await target.setting.deleteMany({});
    await target.draftMaterial.deleteMany({});
    const report = await migrateData({ from: testDatabaseUrl(), to: targetUrl, resume: true, batchSize: 1 });
    expect(report.ok).toBe(true);
    expect(report.tables.find((t) => t.model === "Setting")).toMatchObject({ copied: 1, target: 1, source: 1 });
    expect(report.tables.find((t) => t.model === "User")).toMatchObject({ copied: 0, target: 2 });
    expect(await target.draftMaterial.findMany({})).toEqual(await db.draftMaterial.findMany({}));
  });

  it("refuses a missing source file instead of copying an empty database", async () => {
    await expect(migrateData({ from: "file:./data/does-not-exist.db", to: targetUrl })).rejects.toThrow(
      /No SQLite database/,
    );
  });
});
