import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { Readable } from "node:stream";
import { text } from "node:stream/consumers";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { resolveData } from "@/lib/storage/files";
import { materialise, persist, storage } from "@/lib/storage/store";
import { type TestBucket, testBucket } from "@/test/helpers/s3";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-store-"));
let bucket: TestBucket;
beforeAll(async () => {
  bucket = await testBucket();
  vi.stubEnv("DATA_DIR", dir);
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await bucket.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const useBackEnd = (kind: "local" | "s3") => {
  for (const [k, v] of Object.entries(bucket.env)) vi.stubEnv(k, kind === "s3" ? v : "");
  vi.stubEnv("STORAGE", kind);
};

describe.each(["local", "s3"] as const)("%s storage", (kind) => {
  beforeAll(() => useBackEnd(kind));
  const key = (name: string) => `results/${kind}-${name}`;

  it("stores a stream and a file, and reads them back whole and by byte range", async () => {
    expect(storage().kind).toBe(kind);
    await storage().putStream(key("a.txt"), Readable.from(["hello ", "world"]));
    expect(await text((await storage().getStream(key("a.txt")))!)).toBe("hello world");
    expect(await text((await storage().getStream(key("a.txt"), { start: 6, end: 10 }))!)).toBe("world");
    const st = await storage().stat(key("a.txt"));
    expect(st?.size).toBe(11);
    expect(Date.now() - st!.modified.getTime()).toBeLessThan(60_000);
    expect(await storage().stat(key("missing.txt"))).toBeNull();
    expect(await storage().getStream(key("missing.txt"))).toBeNull();
  });

  it("uploads a file larger than one multipart part without changing a byte", async () => {
    const src = path.join(dir, `${kind}-big.bin`);
    const big = Buffer.alloc(9 * 1024 * 1024 + 123);
    for (let i = 0; i < big.length; i += 4096) big[i] = (i / 4096) % 251;
    fs.writeFileSync(src, big);
    await storage().putFile(key("big.bin"), src);
    expect((await storage().stat(key("big.bin")))?.size).toBe(big.length);
    const tail = await storage().getStream(key("big.bin"), { start: big.length - 5000, end: big.length - 1 });
    const chunks: Buffer[] = [];
    for await (const c of tail!) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(big.subarray(big.length - 5000))).toBe(true);
  });

  it("lists by prefix and deletes, missing keys included", async () => {
    await storage().putStream(key("dir/one.txt"), Readable.from(["1"]));
    await storage().putStream(key("dir/two.txt"), Readable.from(["22"]));
    const listed = [];
    for await (const o of storage().list(`${key("dir")}/`)) listed.push([o.key, o.size]);
    expect(listed.sort()).toEqual([
      [key("dir/one.txt"), 1],
      [key("dir/two.txt"), 2],
    ]);
    await storage().delete([key("dir/one.txt"), key("dir/never.txt")]);
    expect(await storage().stat(key("dir/one.txt"))).toBeNull();
    expect(await storage().stat(key("dir/two.txt"))).not.toBeNull();
  });

  it("hands out a download URL valid for an hour that serves the bytes under the asked name", async () => {
    await storage().putStream(key("vocals.mp3"), Readable.from([Buffer.from("ID3fake")]));
    const url = new URL(await storage().downloadUrl(key("vocals.mp3"), { filename: "My song - vocals.mp3" }));
    if (kind === "s3") {
      expect(url.origin).toBe(bucket.env.S3_ENDPOINT);
      expect(url.searchParams.get("X-Amz-Expires")).toBe("3600");
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get("content-disposition")).toBe('inline; filename="My song - vocals.mp3"');
      expect(res.headers.get("content-type")).toBe("audio/mpeg");
      expect(await res.text()).toBe("ID3fake");
    } else {
      expect(url.pathname).toBe(`/api/files/${key("vocals.mp3")}`);
      expect(url.searchParams.get("name")).toBe("My song - vocals.mp3");
      expect(Number(url.searchParams.get("exp")) - Date.now() / 1000).toBeGreaterThan(3590);
    }
  });

  it("persist makes a DATA_DIR file stored, and materialise brings back a local copy", async () => {
    const rel = key("persisted/stem.wav");
    fs.mkdirSync(path.dirname(resolveData(rel)), { recursive: true });
    fs.writeFileSync(resolveData(rel), "RIFFdata");
    await persist(rel);
    expect((await storage().stat(rel))?.size).toBe(8);
    // s3: the local file is only a cache once stored, and comes back on demand.
    expect(fs.existsSync(resolveData(rel))).toBe(kind === "local");
    const abs = await materialise(rel);
    expect(abs).toBe(resolveData(rel));
    expect(fs.readFileSync(abs, "utf8")).toBe("RIFFdata");
    if (kind === "s3") await expect(materialise(key("persisted/none.wav"))).rejects.toThrow(/does not exist/);
  });
});
