// Waveform peaks of an upload: measured before decoding, so a small file of compressed silence that
// decodes to hours is refused instead of filling memory; normal uploads give their peaks.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { uploadPeaks } from "@/lib/storage/from-url";
import { signUp } from "@/lib/users/service";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-peaks-"));
let actor: { userId: string; teamId: string };

async function uploadOf(file: string) {
  const id = randomUUID();
  fs.mkdirSync(path.join(dir, "data", "uploads"), { recursive: true });
  fs.copyFileSync(file, path.join(dir, "data", "uploads", id));
  await db.upload.create({
    data: {
      id,
      userId: actor.userId,
      teamId: actor.teamId,
      filename: path.basename(file),
      path: `uploads/${id}`,
      bytes: fs.statSync(file).size,
    },
  });
  return id;
}

beforeAll(async () => {
  vi.stubEnv("DATA_DIR", path.join(dir, "data"));
  const user = await signUp({
    email: `peaks-${randomUUID().slice(0, 6)}@example.com`,
    name: "Peaks",
    password: "a long password 1",
  });
  actor = { userId: user.id, teamId: (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId };
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("upload peaks", () => {
  it("draws a normal upload: loud half, quiet half", async () => {
    const file = path.join(dir, "two-halves.wav");
    execFileSync("ffmpeg", [
      "-v",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      "sine=frequency=440:sample_rate=8000:duration=4",
      "-af",
      "volume='if(lt(t,2),1,0.1)':eval=frame",
      file,
    ]);
    const { durationSec, peaks } = await uploadPeaks(actor.teamId, await uploadOf(file), 20);
    expect(durationSec).toBeCloseTo(4, 1);
    expect(peaks).toHaveLength(20);
    // The second half is ten times quieter than the first.
    const loud = Math.min(...peaks.slice(1, 9));
    expect(loud).toBeGreaterThan(0.05);
    expect(Math.max(...peaks.slice(11, 19))).toBeLessThan(loud / 5);
  });

  it("refuses a small file that decodes to more than 30 minutes, before holding its samples", async () => {
    const file = path.join(dir, "silence.flac");
    execFileSync("ffmpeg", [
      "-v",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      "anullsrc=r=8000:cl=mono",
      "-t",
      "1900",
      "-c:a",
      "flac",
      "-compression_level",
      "12",
      file,
    ]);
    expect(fs.statSync(file).size).toBeLessThan(2_000_000);
    const error = await uploadPeaks(actor.teamId, await uploadOf(file), 800).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).status).toBe(400);
    expect((error as AppError).message).toMatch(/longer than 1800 s/);
  });

  it("another team's upload is not found", async () => {
    const file = path.join(dir, "two-halves.wav");
    const error = await uploadPeaks("another-team", await uploadOf(file), 20).catch((e: unknown) => e);
    expect((error as AppError).status).toBe(404);
  });
});
