// The team media library: uploads, order results and draft materials in one newest-first list,
// paged by cursor without gaps or repeats, searchable and filterable; durations measured once in
// the background; another team's media is neither listed nor readable.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import WaveformData from "waveform-data";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { type LibraryItem, libraryItem, libraryPeaks, listLibrary, measuringIdle } from "@/lib/library/service";
import { checkFileSignature } from "@/lib/storage/files";
import { signUp } from "@/lib/users/service";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-library-"));
const data = path.join(dir, "data");
type Actor = { userId: string; teamId: string };
let alice: Actor;
let bob: Actor;
const refs: Record<string, string> = {};

function tone(rel: string, seconds: number) {
  const abs = path.join(data, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=440:sample_rate=48000:duration=${seconds}`,
    "-f",
    "wav",
    abs,
  ]);
  return fs.statSync(abs).size;
}

async function member(name: string): Promise<Actor> {
  const user = await signUp({
    email: `${name}-${randomUUID().slice(0, 6)}@example.com`,
    name,
    password: "a long password 1",
  });
  return { userId: user.id, teamId: (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId };
}

const at = (minute: number) => new Date(Date.UTC(2026, 10, 1, 12, minute));

beforeAll(async () => {
  vi.stubEnv("DATA_DIR", data);
  alice = await member("Alice");
  bob = await member("Bob");
  // Uploads: a file, a link, a short-video save from before Upload.source (found through its parse).
  for (const [key, filename, source, minute] of [
    ["file", "Voice take.wav", "file", 1],
    ["link", "beat.wav", "link", 2],
    ["legacy", "Dance clip.m4a", null, 3],
  ] as const) {
    const id = randomUUID();
    const bytes = tone(`uploads/${id}`, 2);
    await db.upload.create({
      data: { id, ...alice, filename, path: `uploads/${id}`, bytes, source, createdAt: at(minute) },
    });
    refs[key] = `upload:${id}`;
  }
  await db.shortVideoParse.create({
    data: {
      ...alice,
      link: "https://v.douyin.com/x",
      platform: "douyin",
      cost: 1,
      audioUploadId: refs.legacy.slice(7),
    },
  });
  // A separation of the file upload: its stem is named after the input.
  const order = await db.order.create({
    data: {
      orderNo: `LIB${randomUUID().slice(0, 8)}`,
      ...alice,
      type: "track-separation",
      status: "finish",
      messageId: randomUUID(),
      pathKey: refs.file,
      holdAmount: 0,
    },
  });
  const stemBytes = tone(`results/${order.orderNo}/vocals.wav`, 3);
  const stemRow = await db.orderFile.create({
    data: {
      orderId: order.id,
      name: "vocals.wav",
      business: "vocals",
      path: `results/${order.orderNo}/vocals.wav`,
      bytes: stemBytes,
      createdAt: at(4),
    },
  });
  refs.stem = `file:${stemRow.id}`;
  // A draft material (its length is known from the draft API).
  const draftId = randomUUID();
  await db.draft.create({ data: { id: draftId, ...alice, width: 1080, height: 1920, timeline: "{}" } });
  const mid = randomUUID().replace(/-/g, "");
  tone(`drafts/${draftId}/assets/audio/${mid}.wav`, 1);
  await db.draftMaterial.create({
    data: {
      id: mid,
      draftId,
      url: "https://cdn.example.com/music/Intro%20loop.wav",
      urlHash: randomUUID(),
      fileName: `${mid}.wav`,
      durationUs: 1_000_000n,
      createdAt: at(5),
    },
  });
  refs.material = `material:${mid}`;
  // Bob's upload, same minute as one of Alice's.
  const bid = randomUUID();
  await db.upload.create({
    data: {
      id: bid,
      ...bob,
      filename: "Bob secret.wav",
      path: `uploads/${bid}`,
      bytes: tone(`uploads/${bid}`, 1),
      createdAt: at(3),
    },
  });
  refs.bob = `upload:${bid}`;
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function all(actor: Actor, q: Record<string, string | number> = {}) {
  const items: LibraryItem[] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 20; page++) {
    const res = await listLibrary(actor, { limit: 2, ...q, cursor });
    items.push(...res.items);
    if (!res.nextCursor) return items;
    cursor = res.nextCursor;
  }
  throw new Error("paging never ended");
}

describe("team media library", () => {
  it("lists every kind of the team's media newest first, paged without gaps or repeats", async () => {
    const items = await all(alice);
    expect(items.map((i) => i.ref)).toEqual([refs.material, refs.stem, refs.legacy, refs.link, refs.file]);
    const by = Object.fromEntries(items.map((i) => [i.ref, i]));
    expect(by[refs.material]).toMatchObject({ name: "Intro loop.wav", kind: "material", durationUs: 1_000_000 });
    expect(by[refs.material].source.type).toBe("draft");
    expect(by[refs.stem]).toMatchObject({ name: "Voice take - vocals.wav", kind: "stem", source: { type: "order" } });
    expect(by[refs.legacy]).toMatchObject({ kind: "upload", source: { type: "short-video" } });
    expect(by[refs.link].source.type).toBe("link");
    expect(by[refs.file]).toMatchObject({ source: { type: "file" }, addedBy: { id: alice.userId, name: "Alice" } });
    // Not measured yet: the list never decodes inline (the next test sees the background measure).
    for (const ref of [refs.file, refs.link, refs.legacy, refs.stem]) expect(by[ref].durationUs).toBeNull();
    // A playable same-origin link, signed for an hour.
    const url = new URL(by[refs.file].url, "http://x");
    const rel = decodeURIComponent(url.pathname.slice("/api/files/".length));
    expect(checkFileSignature(rel, url.searchParams.get("exp"), url.searchParams.get("sig"))).toBe("ok");
    // Another team sees none of it, and Alice none of Bob's.
    expect((await all(bob)).map((i) => i.ref)).toEqual([refs.bob]);
  });

  it("searches by name and filters by kind", async () => {
    expect((await all(alice, { q: "Voice" })).map((i) => i.ref)).toEqual([refs.file]);
    expect((await all(alice, { q: "vocals" })).map((i) => i.ref)).toEqual([refs.stem]);
    expect((await all(alice, { kind: "stem" })).map((i) => i.ref)).toEqual([refs.stem]);
    expect((await all(alice, { kind: "upload" })).map((i) => i.ref)).toEqual([refs.legacy, refs.link, refs.file]);
    expect(await all(alice, { kind: "export" })).toEqual([]);
  });

  it("filters by source: links, order results, draft audio", async () => {
    expect((await all(alice, { source: "link" })).map((i) => i.ref)).toEqual([refs.link]);
    expect((await all(alice, { source: "order" })).map((i) => i.ref)).toEqual([refs.stem]);
    expect((await all(alice, { source: "draft" })).map((i) => i.ref)).toEqual([refs.material]);
    expect(await all(alice, { source: "order", kind: "upload" })).toEqual([]);
  });

  it("measures unknown durations once, in the background, from the decoded samples", async () => {
    await measuringIdle();
    const second = await listLibrary(alice, {});
    const by = Object.fromEntries(second.items.map((i) => [i.ref, i.durationUs]));
    expect(by[refs.file]).toBe(2_000_000);
    expect(by[refs.link]).toBe(2_000_000);
    expect(by[refs.stem]).toBe(3_000_000);
    const row = await db.upload.findUniqueOrThrow({ where: { id: refs.file.slice(7) } });
    expect(row.durationUs).toBe(2_000_000n);
  });

  it("serves peaks and one item of the team's own media only", async () => {
    const res = await libraryPeaks(alice, refs.stem, 512);
    expect(res.headers.get("content-type")).toBe("application/octet-stream");
    expect(res.headers.get("x-duration-us")).toBe("3000000");
    const wf = WaveformData.create(await res.arrayBuffer());
    expect(wf.scale).toBe(512);
    expect(wf.sample_rate).toBe(48000);
    expect(wf.length).toBe(Math.ceil((3 * 48000) / 512));

    const item = await libraryItem(bob, refs.bob);
    expect(item.durationUs).toBe(1_000_000);
    for (const call of [() => libraryPeaks(bob, refs.stem, 256), () => libraryItem(bob, refs.file)]) {
      const err = await call().catch((e) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).status).toBe(404);
    }
  });
});
