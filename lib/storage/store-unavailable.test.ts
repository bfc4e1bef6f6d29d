// STORAGE=s3 with nothing answering at S3_ENDPOINT: every store call fails as StorageUnavailableError
// (a 503 to callers), while a missing object is still "not there" and a 4xx stays what it is.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { StorageUnavailableError } from "@/lib/errors";
import { storage } from "@/lib/storage/store";
import { type StoppableS3, stoppableBucket } from "@/test/helpers/s3";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-store-down-"));
let s3: StoppableS3;
beforeAll(async () => {
  s3 = await stoppableBucket();
  vi.stubEnv("DATA_DIR", dir);
  for (const [k, v] of Object.entries(s3.env)) vi.stubEnv(k, v);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await s3.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe("S3 store while the bucket is down", () => {
  it("put, get, stat, list and delete reject with StorageUnavailableError; all work again once it is back", async () => {
    await storage().putStream("uploads/a", Readable.from(["abc"]));
    await s3.down();
    try {
      const file = path.join(dir, "f");
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
});
