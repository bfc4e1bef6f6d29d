// Browser uploads with STORAGE=s3: the probed file ends up in the bucket (byte for byte) and not on
// this machine; a refused file leaves nothing anywhere; S3 being down is an error, not a dead row.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { storage } from "@/lib/storage/store";
import { saveUpload } from "@/lib/storage/uploads";
import { signUp } from "@/lib/users/service";
import { type TestBucket, testBucket } from "@/test/helpers/s3";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-uploads-s3-"));
const uploads = path.join(dir, "data", "uploads");
let bucket: TestBucket;
let actor: { userId: string; teamId: string };
let tone: Buffer;

beforeAll(async () => {
  const file = path.join(dir, "tone.mp3");
  execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", file]);
  tone = fs.readFileSync(file);
  bucket = await testBucket();
  vi.stubEnv("DATA_DIR", path.join(dir, "data"));
  for (const [k, v] of Object.entries(bucket.env)) vi.stubEnv(k, v);
  const user = await signUp({
    email: `up-${randomUUID().slice(0, 6)}@example.com`,
    name: "Up",
    password: "a long password 1",
  });
  actor = { userId: user.id, teamId: (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId };
});
afterAll(async () => {
  vi.unstubAllEnvs();
  await bucket.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

const form = (body: Buffer) => {
  const fd = new FormData();
  fd.append("file", new Blob([new Uint8Array(body)], { type: "audio/mpeg" }), "mix.mp3");
  return new Request("http://127.0.0.1/api/uploads", { method: "POST", body: fd });
};
const objects = async () => {
  const keys: string[] = [];
  for await (const o of storage().list("uploads/")) keys.push(o.key);
  return keys;
};

describe("uploads into S3", () => {
  it("an upload is stored in the bucket byte for byte, and this machine keeps no copy", async () => {
    const saved = await saveUpload(form(tone), actor);
    const body = await storage().getStream(`uploads/${saved.id}`);
    const chunks: Buffer[] = [];
    for await (const c of body!) chunks.push(c as Buffer);
    expect(Buffer.concat(chunks).equals(tone)).toBe(true);
    expect(fs.readdirSync(uploads)).toEqual([]);
    expect(await db.upload.count({ where: { id: saved.id } })).toBe(1);
  });

  it("a file that is not media is refused before anything reaches the bucket", async () => {
    const before = await objects();
    await expect(saveUpload(form(Buffer.from("%PDF-1.4 not audio\n".repeat(200))), actor)).rejects.toMatchObject({
      status: 415,
    });
    expect(await objects()).toEqual(before);
    expect(fs.readdirSync(uploads)).toEqual([]);
  });

  it("with the bucket unreachable the upload fails, leaving no row and no local file", async () => {
    const rows = await db.upload.count();
    vi.stubEnv("S3_ENDPOINT", "http://127.0.0.1:9"); // discard port: nothing listens
    try {
      await expect(saveUpload(form(tone), actor)).rejects.toThrow();
    } finally {
      vi.stubEnv("S3_ENDPOINT", bucket.env.S3_ENDPOINT);
    }
    expect(await db.upload.count()).toBe(rows);
    expect(fs.readdirSync(uploads)).toEqual([]);
  });
});
