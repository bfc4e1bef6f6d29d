// Stem downloads with STORAGE=s3: the stems live only in the bucket; a stem download redirects to a
// presigned GET named like the local one, a new format is encoded once and stored in the bucket,
// and "Download all" streams a zip of the objects.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { stemDownload } from "@/lib/orders/downloads";
import { newOrderNo } from "@/lib/orders/order-no";
import { persist, storage } from "@/lib/storage/store";
import { signUp } from "@/lib/users/service";
import { type TestBucket, testBucket } from "@/test/helpers/s3";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-stem-dl-s3-"));
const data = path.join(dir, "data");
let bucket: TestBucket;
let actor: { userId: string; teamId: string };
let orderNo: string;
const originals = new Map<string, Buffer>();

function tone(rel: string, hz: number) {
  const abs = path.join(data, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=${hz}:duration=1`,
    "-ac",
    "2",
    abs,
  ]);
  originals.set(rel, fs.readFileSync(abs));
  return fs.statSync(abs).size;
}

const ffprobeCodec = (file: string) =>
  execFileSync("ffprobe", ["-v", "error", "-show_entries", "stream=codec_name", "-of", "csv=p=0", file], {
    encoding: "utf8",
  }).trim();

beforeAll(async () => {
  bucket = await testBucket();
  vi.stubEnv("DATA_DIR", data);
  for (const [k, v] of Object.entries(bucket.env)) vi.stubEnv(k, v);
  const user = await signUp({
    email: `dl-${randomUUID().slice(0, 8)}@example.com`,
    name: "Dl",
    password: "a long password 1",
  });
  actor = { userId: user.id, teamId: (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId };
  orderNo = newOrderNo();
  const files = ["vocals", "accompaniment"].map((business, i) => {
    const rel = `results/${orderNo}/${business}.mp3`;
    return { name: `${business}.mp3`, business, path: rel, bytes: tone(rel, 220 * (i + 1)) };
  });
  // As a worker leaves them: in the bucket, not on this machine.
  for (const f of files) await persist(f.path);
  expect(fs.readdirSync(path.join(data, "results", orderNo))).toEqual([]);
  await db.order.create({
    data: {
      orderNo,
      userId: actor.userId,
      teamId: actor.teamId,
      type: "track-separation",
      status: "finish",
      payStatus: "paid",
      messageId: randomUUID(),
      pathKey: "https://example.com/song.mp3",
      holdAmount: 0,
      progress: 1,
      files: { create: files },
    },
  });
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await bucket.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer());

describe("stem downloads from S3", () => {
  it("a stem redirects to the bucket for an hour, saved under the order's name", async () => {
    const res = await stemDownload(actor, orderNo, "mp3", "vocals");
    expect(res.status).toBe(302);
    const location = new URL(res.headers.get("location")!);
    expect(location.origin).toBe(bucket.env.S3_ENDPOINT);
    expect(location.searchParams.get("X-Amz-Expires")).toBe("3600");
    const got = await fetch(location);
    expect(got.headers.get("content-disposition")).toBe(`attachment; filename="${orderNo} - vocals.mp3"`);
    expect((await bytesOf(got)).equals(originals.get(`results/${orderNo}/vocals.mp3`)!)).toBe(true);
  });

  it("FLAC is encoded once and kept in the bucket beside the stem", async () => {
    const first = await stemDownload(actor, orderNo, "flac", "vocals");
    expect(first.status).toBe(302);
    const stored = await storage().stat(`results/${orderNo}/vocals.mp3.flac`);
    expect(stored?.size).toBeGreaterThan(1000);
    const out = path.join(dir, "first.flac");
    fs.writeFileSync(out, await bytesOf(await fetch(first.headers.get("location")!)));
    expect(ffprobeCodec(out)).toBe("flac");
    // The second download is the stored object: nothing is encoded again.
    await stemDownload(actor, orderNo, "flac", "vocals");
    expect((await storage().stat(`results/${orderNo}/vocals.mp3.flac`))?.modified).toEqual(stored?.modified);
  });

  it("Download all streams a zip of the objects", async () => {
    const res = await stemDownload(actor, orderNo, "mp3");
    expect(res.headers.get("content-type")).toBe("application/zip");
    const zip = path.join(dir, "all.zip");
    fs.writeFileSync(zip, await bytesOf(res));
    const out = path.join(dir, "unzipped");
    execFileSync("unzip", ["-q", "-o", zip, "-d", out]);
    expect(fs.readdirSync(out).sort()).toEqual([`${orderNo} - accompaniment.mp3`, `${orderNo} - vocals.mp3`]);
    for (const business of ["vocals", "accompaniment"])
      expect(
        fs
          .readFileSync(path.join(out, `${orderNo} - ${business}.mp3`))
          .equals(originals.get(`results/${orderNo}/${business}.mp3`)!),
      ).toBe(true);
  });

  it("a zip whose object was removed meanwhile is cut with an error, not a complete-looking file", async () => {
    await storage().delete([`results/${orderNo}/accompaniment.mp3`]);
    const res = await stemDownload(actor, orderNo, "mp3");
    await expect(res.arrayBuffer()).rejects.toThrow();
  });
});
