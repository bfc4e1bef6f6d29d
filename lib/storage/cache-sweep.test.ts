// STORAGE=s3: a process's local copies of stored objects are a cache it sweeps itself; files the
// bucket does not hold (a job's output not persisted yet) are never touched.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sweepLocalCache } from "@/lib/storage/cache-sweep";
import { materialise, persist, storage } from "@/lib/storage/store";
import { type TestBucket, testBucket } from "@/test/helpers/s3";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-cache-sweep-"));
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

const HOUR = 3_600_000;
const write = (rel: string, body: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
  fs.writeFileSync(path.join(dir, rel), body);
};
const age = (rel: string, ms: number) => {
  const t = new Date(Date.now() - ms);
  fs.utimesSync(path.join(dir, rel), t, t);
};
const local = (rel: string) => fs.existsSync(path.join(dir, rel));

describe("local cache sweep (STORAGE=s3)", () => {
  it("drops old copies of stored objects and stale partial downloads, keeps fresh copies and unstored files", async () => {
    for (const rel of ["uploads/old", "uploads/fresh", "results/ord1/vocals.mp3", "drafts/d1/assets/audio/a.mp3"]) {
      write(rel, `bytes of ${rel}`);
      await persist(rel, { keepLocal: true });
    }
    write("results/ord2/vocals.mp3", "a job's output, not in the bucket yet");
    write("uploads/gone.1234.part", "half a download");
    write("uploads/changed", "local bytes");
    await storage().putFile("uploads/changed", path.join(dir, "uploads/changed"));
    write("uploads/changed", "local bytes that differ in size");
    for (const rel of [
      "uploads/old",
      "results/ord1/vocals.mp3",
      "drafts/d1/assets/audio/a.mp3",
      "results/ord2/vocals.mp3",
      "uploads/gone.1234.part",
      "uploads/changed",
    ])
      age(rel, 30 * HOUR);

    expect(await sweepLocalCache(24 * HOUR)).toBe(4);
    expect(local("uploads/old")).toBe(false);
    expect(local("results/ord1/vocals.mp3")).toBe(false);
    expect(local("drafts/d1/assets/audio/a.mp3")).toBe(false);
    expect(local("uploads/gone.1234.part")).toBe(false);
    expect(local("uploads/fresh")).toBe(true);
    expect(local("results/ord2/vocals.mp3")).toBe(true);
    expect(local("uploads/changed")).toBe(true);
    // The objects themselves stay, and a later need downloads the copy again.
    expect(await storage().stat("uploads/old")).not.toBeNull();
    expect(fs.readFileSync(await materialise("uploads/old"), "utf8")).toBe("bytes of uploads/old");
  });

  it("a copy in use is kept: materialise marks a cache hit as fresh", async () => {
    write("uploads/hot", "a hot file");
    await persist("uploads/hot", { keepLocal: true });
    age("uploads/hot", 30 * HOUR);
    await materialise("uploads/hot");
    expect(await sweepLocalCache(24 * HOUR)).toBe(0);
    expect(local("uploads/hot")).toBe(true);
  });
});
