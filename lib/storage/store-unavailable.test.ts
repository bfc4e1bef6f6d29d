// STORAGE=s3 with nothing answering at S3_ENDPOINT: every store call fails as StorageUnavailableError
// (a 503 to callers), while a missing object is still "not there" and a 4xx stays what it is.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { fetchMaterial } from "@/lib/drafts/materials";
import { StorageUnavailableError } from "@/lib/errors";
import { makeTone, serveFixtures, type FixtureServer } from "@/test/helpers/media";
import { storage } from "@/lib/storage/store";
import { type StoppableS3, stoppableBucket } from "@/test/helpers/s3";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-store-down-"));
let s3: StoppableS3;
let fixtures: FixtureServer;
beforeAll(async () => {
  s3 = await stoppableBucket();
  fs.mkdirSync(path.join(dir, "media"));
  makeTone(path.join(dir, "media", "tone.mp3"), 1);
  fixtures = await serveFixtures(path.join(dir, "media"));
  vi.stubEnv("FETCH_ALLOW_HOSTS", "127.0.0.1");
  vi.stubEnv("DATA_DIR", path.join(dir, "data"));
  for (const [k, v] of Object.entries(s3.env)) vi.stubEnv(k, v);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await fixtures?.close();
  await s3.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("S3 store while the bucket is down", () => {
  it("put, get, stat, list and delete reject with StorageUnavailableError; all work again once it is back", async () => {
    await storage().putStream("uploads/a", Readable.from(["abc"]));
    await s3.down();
    try {
      const file = path.join(dir, "media", "f");
      fs.writeFileSync(file, "xyz");
      await expect(storage().putFile("uploads/b", file)).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(storage().stat("uploads/a")).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(storage().getStream("uploads/a")).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(storage().delete(["uploads/a"])).rejects.toBeInstanceOf(StorageUnavailableError);
      await expect(
        (async () => {
          for await (const _ of storage().list("uploads/")) break;
        })(),
      ).rejects.toBeInstanceOf(StorageUnavailableError);
    } finally {
      await s3.up();
    }
    expect((await storage().stat("uploads/a"))?.size).toBe(3);
    expect(await storage().stat("uploads/none")).toBeNull();
  });

  it("a 4xx (a bucket that does not exist) is a configuration fault, not 'unavailable'", async () => {
    vi.stubEnv("S3_BUCKET", "no-such-bucket-here");
    try {
      const error = await storage()
        .putStream("uploads/c", Readable.from(["abc"]))
        .then(
          () => null,
          (e: unknown) => e,
        );
      expect(error).not.toBeNull();
      expect(error).not.toBeInstanceOf(StorageUnavailableError);
    } finally {
      vi.stubEnv("S3_BUCKET", s3.bucket);
    }
  });

  it("a draft material fetched while the bucket is down is StorageUnavailableError, not the draft's 音频处理失败", async () => {
    await s3.down();
    try {
      await expect(fetchMaterial("d".repeat(32), `${fixtures.baseUrl}/tone.mp3`)).rejects.toBeInstanceOf(
        StorageUnavailableError,
      );
    } finally {
      await s3.up();
    }
    const ok = await fetchMaterial("d".repeat(32), `${fixtures.baseUrl}/tone.mp3`);
    expect(await storage().stat(`drafts/${"d".repeat(32)}/assets/audio/${ok.fileName}`)).not.toBeNull();
  });
});
