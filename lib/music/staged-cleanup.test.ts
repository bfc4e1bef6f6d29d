// Inputs staged at submit (DATA_DIR/work/music/<taskId>) must not outlive their task: the timeout
// sweeper and the retry limit end tasks outside the job, and a submit can die before its task row.
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { grant } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { sweepMusicWork } from "@/lib/music/input";
import { submitUploadExtend } from "@/lib/music/service";
import { endOrder, expireOverdue } from "@/lib/orders/lifecycle";
import { signUp } from "@/lib/users/service";
import { makeMix, serveFixtures, type FixtureServer } from "@/test/helpers/media";

let fixtures: FixtureServer;
const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-music-clean-"));
const workDir = (taskId: string) => path.join(dir, "data", "work", "music", taskId);

beforeAll(async () => {
  vi.stubEnv("DATA_DIR", path.join(dir, "data"));
  vi.stubEnv("FETCH_ALLOW_HOSTS", "127.0.0.1");
  vi.stubEnv("MUSIC_PROBE_WAIT_SECONDS", "10");
  makeMix(path.join(dir, "mix.mp3"), 6);
  fixtures = await serveFixtures(dir);
});
afterAll(async () => {
  await fixtures.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

async function actor() {
  const user = await signUp({
    email: `clean-${randomUUID().slice(0, 6)}@example.com`,
    name: "Clean",
    password: "a long password 1",
  });
  const teamId = (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId;
  await grant({ userId: user.id, amount: 500, idempotencyKey: `seed:${user.id}` });
  return { userId: user.id, teamId, apiKeyId: null };
}

const body = () => ({
  uploadUrl: `${fixtures.baseUrl}/mix.mp3`,
  defaultParamFlag: true,
  instrumental: true,
  model: "V4_5",
  style: "Classical",
  title: "Cleanup",
  continueAt: 3,
});

describe("staged Music API inputs", () => {
  it("a task ended by the timeout sweeper leaves no staged input, and its hold is released", async () => {
    const a = await actor();
    const { taskId } = await submitUploadExtend(a, body());
    expect(fs.existsSync(path.join(workDir(taskId), "input"))).toBe(true);
    const task = await db.musicTask.findUniqueOrThrow({ where: { taskId } });
    await db.order.update({ where: { id: task.orderId }, data: { createdAt: new Date(Date.now() - 3_600_000) } });
    expect(await expireOverdue(60_000)).toBeGreaterThanOrEqual(1);
    const after = await db.musicTask.findUniqueOrThrow({ where: { taskId }, include: { order: true } });
    expect(after).toMatchObject({ musicStatus: "GENERATE_AUDIO_FAILED", errorCode: 408, order: { status: "timeout" } });
    expect(fs.existsSync(workDir(taskId))).toBe(false);
    expect(await db.user.findUniqueOrThrow({ where: { id: a.userId }, select: { held: true } })).toEqual({ held: 0 });
  });

  it("a task given up (ended failed outside the job) leaves no staged input", async () => {
    const { taskId } = await submitUploadExtend(await actor(), body());
    const task = await db.musicTask.findUniqueOrThrow({ where: { taskId } });
    expect(fs.existsSync(workDir(taskId))).toBe(true);
    expect(await endOrder(task.orderId, "failed", "Gave up after 3 attempts")).toBe(true);
    expect(fs.existsSync(workDir(taskId))).toBe(false);
  });

  it("the sweeper removes dirs of ended tasks and old orphans, and keeps active tasks and fresh submits", async () => {
    const active = (await submitUploadExtend(await actor(), body())).taskId;
    const ended = (await submitUploadExtend(await actor(), body())).taskId;
    const endedTask = await db.musicTask.findUniqueOrThrow({ where: { taskId: ended } });
    // Ended by a path that did not clean up (as before the fix): the dir is still there.
    await db.order.update({ where: { id: endedTask.orderId }, data: { status: "failed", finishedAt: new Date() } });
    const oldOrphan = randomUUID().replace(/-/g, "");
    const freshOrphan = randomUUID().replace(/-/g, "");
    for (const id of [oldOrphan, freshOrphan]) {
      fs.mkdirSync(workDir(id), { recursive: true });
      fs.writeFileSync(path.join(workDir(id), "input"), "x".repeat(1000));
    }
    const old = new Date(Date.now() - 2 * 3_600_000);
    fs.utimesSync(workDir(oldOrphan), old, old);

    expect(await sweepMusicWork(3_600_000)).toBeGreaterThanOrEqual(2);
    expect(fs.existsSync(workDir(ended))).toBe(false);
    expect(fs.existsSync(workDir(oldOrphan))).toBe(false);
    expect(fs.existsSync(workDir(active))).toBe(true);
    expect(fs.existsSync(workDir(freshOrphan))).toBe(true);
  });
});
