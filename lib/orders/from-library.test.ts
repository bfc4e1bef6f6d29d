// Orders started from the library: a stem becomes an upload named as the library shows it, and the
// order is named after it; a title given wins; another team's item is "not found".
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { grant } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { createBrowserOrder } from "@/lib/orders/from-library";
import { signUp } from "@/lib/users/service";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-from-library-"));
const data = path.join(dir, "data");
type Actor = { userId: string; teamId: string };
let alice: Actor;
let bob: Actor;
let stemRef: string;

async function member(name: string): Promise<Actor> {
  const user = await signUp({
    email: `${name}-${randomUUID().slice(0, 6)}@example.com`,
    name,
    password: "a long password 1",
  });
  const actor = {
    userId: user.id,
    teamId: (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId,
  };
  await grant({ userId: user.id, amount: 500, idempotencyKey: `test:${user.id}`, reason: "test credits" });
  return actor;
}

beforeAll(async () => {
  vi.stubEnv("DATA_DIR", data);
  alice = await member("Alice");
  bob = await member("Bob");
  const order = await db.order.create({
    data: {
      orderNo: `FL${randomUUID().slice(0, 8)}`,
      ...alice,
      type: "extract-voice",
      status: "finish",
      messageId: randomUUID(),
      pathKey: "https://cdn.example.com/a.mp3",
      title: "夏日 Song",
      holdAmount: 0,
    },
  });
  const rel = `results/${order.orderNo}/vocals.wav`;
  fs.mkdirSync(path.join(data, path.dirname(rel)), { recursive: true });
  execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "sine=duration=1", path.join(data, rel)]);
  const file = await db.orderFile.create({
    data: {
      orderId: order.id,
      name: "vocals.wav",
      business: "vocals",
      path: rel,
      bytes: fs.statSync(path.join(data, rel)).size,
    },
  });
  stemRef = `file:${file.id}`;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("createBrowserOrder", () => {
  it("starts from a stem: linked into the uploads under the library's name, the order named after it", async () => {
    const made = await createBrowserOrder(alice, { orderType: "extract-music", stuff: { pathKey: stemRef } }, null);
    const order = await db.order.findUniqueOrThrow({ where: { orderNo: made.orderNo } });
    expect(order.title).toBe("夏日 Song - vocals");
    expect(order.pathKey).toMatch(/^upload:/);
    const upload = await db.upload.findUniqueOrThrow({ where: { id: order.pathKey.slice("upload:".length) } });
    expect(upload).toMatchObject({ filename: "夏日 Song - vocals.wav", teamId: alice.teamId, source: "file" });
    expect(fs.existsSync(path.join(data, upload.path))).toBe(true);

    const titled = await createBrowserOrder(
      alice,
      { orderType: "extract-music", stuff: { pathKey: stemRef }, title: "Chorus" },
      null,
    );
    expect((await db.order.findUniqueOrThrow({ where: { orderNo: titled.orderNo } })).title).toBe("Chorus");
  });

  it("refuses another team's item as not found", async () => {
    await expect(
      createBrowserOrder(bob, { orderType: "extract-music", stuff: { pathKey: stemRef } }, null),
    ).rejects.toMatchObject({ kind: "not_found" });
  });
});
