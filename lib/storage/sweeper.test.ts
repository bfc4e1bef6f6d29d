import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { checkFileSignature, resolveData, signedFileUrl } from "@/lib/storage/files";
import { sweepExpiredFiles } from "@/lib/storage/sweeper";
import { signUp } from "@/lib/users/service";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-sweep-"));
beforeAll(() => {
  vi.stubEnv("DATA_DIR", dir);
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("result storage", () => {
  it("signed URLs expire after an hour and refuse other paths", () => {
    const now = Date.now();
    const url = new URL(signedFileUrl("results/ABC/vocals.mp3", 3600, now));
    const exp = url.searchParams.get("exp");
    const sig = url.searchParams.get("sig");
    expect(Number(exp) - Math.floor(now / 1000)).toBe(3600);
    expect(checkFileSignature("results/ABC/vocals.mp3", exp, sig, now)).toBe("ok");
    expect(checkFileSignature("results/ABC/vocals.mp3", exp, sig, now + 3601_000)).toBe("expired");
    expect(checkFileSignature("results/XYZ/vocals.mp3", exp, sig, now)).toBe("invalid");
    expect(checkFileSignature("results/ABC/vocals.mp3", exp, null, now)).toBe("invalid");
    expect(() => resolveData("../etc/passwd")).toThrow(/escapes the data directory/);
  });

  it("the sweeper deletes results and uploads older than the retention period, and keeps newer ones", async () => {
    const user = await signUp({
      email: `sweep-${randomUUID().slice(0, 6)}@example.com`,
      name: "Sweep",
      password: "a long password 1",
    });
    const teamId = (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId;
    const order = await db.order.create({
      data: {
        orderNo: randomUUID().replace(/-/g, "").slice(0, 18),
        userId: user.id,
        teamId,
        type: "extract-voice",
        messageId: "m",
        pathKey: "http://x",
        holdAmount: 0,
        status: "finish",
      },
    });
    const write = (rel: string) => {
      fs.mkdirSync(path.dirname(resolveData(rel)), { recursive: true });
      fs.writeFileSync(resolveData(rel), "x");
    };
    const old = new Date(Date.now() - 15 * 86_400_000);
    write(`results/${order.orderNo}/vocals.mp3`);
    // Download formats made on demand go with their stem.
    write(`results/${order.orderNo}/vocals.mp3.wav`);
    write(`results/${order.orderNo}/vocals.mp3.flac`);
    write("uploads/old");
    write("uploads/new");
    const oldFile = await db.orderFile.create({
      data: {
        orderId: order.id,
        name: "vocals.mp3",
        business: "vocals",
        path: `results/${order.orderNo}/vocals.mp3`,
        bytes: 1,
        createdAt: old,
      },
    });
    await db.upload.create({
      data: { id: "old", userId: user.id, teamId, filename: "a.mp3", path: "uploads/old", bytes: 1, createdAt: old },
    });
    await db.upload.create({
      data: { id: "new", userId: user.id, teamId, filename: "b.mp3", path: "uploads/new", bytes: 1 },
    });

    expect(await sweepExpiredFiles(14 * 86_400_000)).toBe(2);
    expect(fs.existsSync(resolveData(`results/${order.orderNo}/vocals.mp3`))).toBe(false);
    expect(fs.existsSync(resolveData(`results/${order.orderNo}`))).toBe(false);
    expect(fs.existsSync(resolveData("uploads/old"))).toBe(false);
    expect(fs.existsSync(resolveData("uploads/new"))).toBe(true);
    expect((await db.orderFile.findUniqueOrThrow({ where: { id: oldFile.id } })).deletedAt).not.toBeNull();
    expect(await sweepExpiredFiles(14 * 86_400_000)).toBe(0);
  });
});
