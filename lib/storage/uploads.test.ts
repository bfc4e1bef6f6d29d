import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { saveUpload } from "@/lib/storage/uploads";
import { signUp } from "@/lib/users/service";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-uploads-"));
const uploads = path.join(dir, "data", "uploads");
let actor: { userId: string; teamId: string };
let unhandled: unknown[] = [];
const onUnhandled = (e: unknown) => unhandled.push(e);

/** One second of a real tone (mp3), made by ffmpeg. */
let tone: Buffer;

beforeAll(async () => {
  const file = path.join(dir, "tone.mp3");
  execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "sine=frequency=440:duration=1", file]);
  tone = fs.readFileSync(file);
  vi.stubEnv("DATA_DIR", path.join(dir, "data"));
  const user = await signUp({
    email: `up-${randomUUID().slice(0, 6)}@example.com`,
    name: "Up",
    password: "a long password 1",
  });
  actor = { userId: user.id, teamId: (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId };
  process.on("unhandledRejection", onUnhandled);
});
afterAll(() => {
  process.off("unhandledRejection", onUnhandled);
  fs.rmSync(dir, { recursive: true, force: true });
});
beforeEach(() => {
  unhandled = [];
});
afterEach(async () => {
  // Give a stray rejection the chance to surface before judging.
  await new Promise((r) => setTimeout(r, 100));
  expect(unhandled).toEqual([]);
});

const B = "----mixdeskboundary";
const part = (body: string) =>
  `--${B}\r\nContent-Disposition: form-data; name="file"; filename="mix.mp3"\r\nContent-Type: audio/mpeg\r\n\r\n${body}`;
const post = (body: BodyInit, type = `multipart/form-data; boundary=${B}`) =>
  new Request("http://127.0.0.1/api/uploads", {
    method: "POST",
    headers: { "content-type": type },
    body,
    duplex: "half",
  } as RequestInit);
const failure = (p: Promise<unknown>) =>
  p.then(
    () => null,
    (e: unknown) => e,
  );
/** A whole form around binary file bytes. */
const wholeForm = (bytes: Buffer) =>
  new Uint8Array(Buffer.concat([Buffer.from(part("")), bytes, Buffer.from(`\r\n--${B}--\r\n`)]));
const leftOver = () => (fs.existsSync(uploads) ? fs.readdirSync(uploads) : []);

describe("browser uploads: bodies that are not a whole multipart form", () => {
  it("stores a whole form", async () => {
    const saved = await saveUpload(post(wholeForm(tone)), actor);
    expect(saved).toMatchObject({ filename: "mix.mp3", bytes: tone.length, pathKey: `upload:${saved.id}` });
    expect(fs.statSync(path.join(uploads, saved.id)).size).toBe(tone.length);
    fs.rmSync(path.join(uploads, saved.id));
  });

  it("multipart/form-data without a boundary is a 400 that says so", async () => {
    const e = await failure(saveUpload(post(`${part("x")}\r\n--${B}--\r\n`, "multipart/form-data"), actor));
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ status: 400, message: expect.stringMatching(/has no multipart boundary/) });
    expect(leftOver()).toEqual([]);
  });

  it("a form cut off in the middle of the file is a 400 and leaves no partial file", async () => {
    const e = await failure(saveUpload(post(part("x".repeat(200_000))), actor));
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({
      status: 400,
      message: "The upload ended before the whole form arrived (the connection may have been cut): please try again",
    });
    expect(leftOver()).toEqual([]);
  });

  it("a connection that breaks mid-upload is a 400 and leaves no partial file", async () => {
    const chunk = new TextEncoder().encode(part("x".repeat(100_000)));
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(chunk);
        setTimeout(() => c.error(new Error("aborted")), 50);
      },
    });
    const e = await failure(saveUpload(post(body), actor));
    expect(e).toBeInstanceOf(AppError);
    expect(e).toMatchObject({ status: 400 });
    expect(leftOver()).toEqual([]);
  });

  it("a malformed part header is a 400", async () => {
    const e = await failure(saveUpload(post(`--${B}\r\nContent-Disposition form-data\r\n\r\n`), actor));
    expect(e).toMatchObject({ status: 400 });
    expect(leftOver()).toEqual([]);
  });

  it("a body that is not multipart at all is a 400", async () => {
    for (const type of ["application/json", "text/plain", "application/x-www-form-urlencoded", ""]) {
      const e = await failure(saveUpload(post("{}", type), actor));
      expect(e, type).toMatchObject({
        status: 400,
        message: "Send the file as multipart/form-data in a field named file",
      });
    }
    expect(leftOver()).toEqual([]);
  });
});

describe("browser uploads: only audio and video", () => {
  it("a file that is not audio or video is refused at upload with code not_media, and nothing is kept", async () => {
    const before = await db.upload.count({ where: { teamId: actor.teamId } });
    for (const bytes of [
      Buffer.from("%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n".repeat(40)),
      Buffer.from("#EXTM3U\n#EXTINF:1,\nhttp://127.0.0.1/a.mp3\n#EXT-X-ENDLIST\n"),
      Buffer.from("x".repeat(1000)),
    ]) {
      const e = await failure(saveUpload(post(wholeForm(bytes)), actor));
      expect(e).toBeInstanceOf(AppError);
      expect(e).toMatchObject({
        status: 415,
        message: "The file is not audio or video",
        fields: { file: "Not audio or video" },
        messageCode: "not_media",
      });
    }
    expect(leftOver()).toEqual([]);
    expect(await db.upload.count({ where: { teamId: actor.teamId } })).toBe(before);
  });
});
