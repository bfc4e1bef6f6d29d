// Moving an embedded install's files into the bucket: everything the database names is copied once,
// a second run copies nothing, and a run cut short is finished by running it again.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { migrateFiles } from "@/lib/storage/migrate-files";
import { storage } from "@/lib/storage/store";
import { type TestBucket, testBucket } from "@/test/helpers/s3";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-migrate-"));
let bucket: TestBucket;
const write = (rel: string, body: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), body);
};

beforeAll(async () => {
  bucket = await testBucket();
  vi.stubEnv("DATA_DIR", dir);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await bucket.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("admin migrate-files", () => {
  it("refuses to run without STORAGE=s3", async () => {
    await expect(migrateFiles()).rejects.toThrow(/Set STORAGE=s3/);
  });

  it("copies uploads, results and drafts once, skips what is there, and leaves work files and caches", async () => {
    for (const [k, v] of Object.entries(bucket.env)) vi.stubEnv(k, v);
    write("uploads/u1", "upload one");
    write("results/ORDER1/vocals.mp3", "ID3 vocals");
    write("results/ORDER1/vocals.mp3.wav", "RIFF encoded");
    write("drafts/d1/draft_content.json", "{}");
    write("drafts/d1/assets/audio/m1.mp3", "ID3 material");
    write("uploads/.u2.part", "half");
    write("work/ORDER2/input", "scratch");
    write("cache/peaks/abc/meta.json", "{}");
    write("mixdesk.db", "SQLite format 3");

    expect(await migrateFiles()).toEqual({ copied: 5, skipped: 0, failed: 0, bytes: 46 });
    const keys: string[] = [];
    for await (const o of storage().list("")) keys.push(o.key);
    expect(keys.sort()).toEqual([
      "drafts/d1/assets/audio/m1.mp3",
      "drafts/d1/draft_content.json",
      "results/ORDER1/vocals.mp3",
      "results/ORDER1/vocals.mp3.wav",
      "uploads/u1",
    ]);

    // Run again after one file changed (as if the first run had stopped during its upload).
    write("uploads/u1", "upload one, longer");
    expect(await migrateFiles()).toEqual({ copied: 1, skipped: 4, failed: 0, bytes: 18 });
    const body = await storage().getStream("uploads/u1");
    expect(await new Response(body as unknown as ReadableStream).text()).toBe("upload one, longer");
  });
});
