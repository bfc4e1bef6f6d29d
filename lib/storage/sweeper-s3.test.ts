// The sweeper with STORAGE=s3: retention deletes in the bucket, not only on this machine's disk.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { storage } from "@/lib/storage/store";
import { sweepExpiredFiles } from "@/lib/storage/sweeper";
import { signUp } from "@/lib/users/service";
import { type TestBucket, testBucket } from "@/test/helpers/s3";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-sweep-s3-"));
let bucket: TestBucket;
beforeAll(async () => {
  bucket = await testBucket();
  vi.stubEnv("DATA_DIR", dir);
  for (const [k, v] of Object.entries(bucket.env)) vi.stubEnv(k, v);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await bucket.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const put = (key: string) => storage().putStream(key, Readable.from(["x"]));
const exists = async (key: string) => (await storage().stat(key)) !== null;

describe("sweeper on S3", () => {
  it("deletes expired results (with their encoded formats) and uploads from the bucket, and keeps newer ones", async () => {
    const user = await signUp({
      email: `sweep-${randomUUID().slice(0, 6)}@example.com`,
      name: "Sweep",
      password: "a long password 1",
    });
    const teamId = (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId;
    const orderNo = randomUUID().replace(/-/g, "").slice(0, 18);
    const order = await db.order.create({
      data: {
        orderNo,
        userId: user.id,
        teamId,
        type: "extract-voice",
        messageId: "m",
        pathKey: "http://x",
        holdAmount: 0,
        status: "finish",
      },
    });
    const old = new Date(Date.now() - 15 * 86_400_000);
    for (const key of [
      `results/${orderNo}/vocals.mp3`,
      `results/${orderNo}/vocals.mp3.wav`,
      "uploads/old-s3",
      "uploads/new-s3",
    ])
      await put(key);
    await db.orderFile.create({
      data: {
        orderId: order.id,
        name: "vocals.mp3",
        business: "vocals",
        path: `results/${orderNo}/vocals.mp3`,
        bytes: 1,
        createdAt: old,
      },
    });
    await db.upload.create({
      data: {
        id: "old-s3",
        userId: user.id,
        teamId,
        filename: "a.mp3",
        path: "uploads/old-s3",
        bytes: 1,
        createdAt: old,
      },
    });
    await db.upload.create({
      data: { id: "new-s3", userId: user.id, teamId, filename: "b.mp3", path: "uploads/new-s3", bytes: 1 },
    });

    expect(await sweepExpiredFiles(14 * 86_400_000)).toBe(2);
    expect(await exists(`results/${orderNo}/vocals.mp3`)).toBe(false);
    expect(await exists(`results/${orderNo}/vocals.mp3.wav`)).toBe(false);
    expect(await exists("uploads/old-s3")).toBe(false);
    expect(await exists("uploads/new-s3")).toBe(true);
  });

  it("removes objects past the retention that no row names, but never a draft's", async () => {
    await put("results/ORPHAN/vocals.mp3");
    await put("work/studio-export/ORPHAN.json");
    await put("drafts/keep-me/draft_content.json");
    // Sixteen days from now, everything just written is past a 14-day retention.
    await sweepExpiredFiles(14 * 86_400_000, Date.now() + 16 * 86_400_000);
    expect(await exists("results/ORPHAN/vocals.mp3")).toBe(false);
    expect(await exists("work/studio-export/ORPHAN.json")).toBe(false);
    expect(await exists("drafts/keep-me/draft_content.json")).toBe(true);
  });
});
