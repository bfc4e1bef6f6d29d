// Studio export on real ffmpeg: a known timeline rendered to WAV must have every clip at its sample
// position reading from its in-point, with volume × linear fade ramps and unnormalised sums, muted
// tracks silent, and exactly the length an OfflineAudioContext render has. The job: a free
// `studio-export` order (no hold, no ledger row) whose result is a library item of kind export.
import { execFileSync } from "node:child_process";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { db } from "@/lib/db";
import { AppError } from "@/lib/errors";
import { processOrder } from "@/lib/jobs/process-order";
import { listLibrary } from "@/lib/library/service";
import { decodeToFloat32, probe } from "@/lib/media/ffmpeg";
import { claimNext } from "@/lib/orders/lifecycle";
import { orderDetail, queryOrder } from "@/lib/orders/service";
import { resolveData } from "@/lib/storage/files";
import { materialise, persist, storedExists } from "@/lib/storage/store";
import { EXPORT_SAMPLE_RATE, exportTimeline, renderClips } from "@/lib/studio/export";
import { audibleClips } from "@/lib/studio/model";
import type { MediaRef, StudioClip, StudioTimeline } from "@/lib/studio/types";
import { signUp } from "@/lib/users/service";
import { stubScaledModes } from "@/test/helpers/scaled";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-export-"));
const data = path.join(dir, "data");
const R = EXPORT_SAMPLE_RATE;
const LSB = 1 / 32768;
type Actor = { userId: string; teamId: string };
let alice: Actor;
let bob: Actor;
const media: Record<"dc" | "stereo" | "ramp" | "bob", MediaRef> = {} as never;

async function upload(actor: Actor, name: string, lavfi: string, channels: number): Promise<MediaRef> {
  const id = randomUUID();
  const abs = path.join(data, "uploads", id);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    lavfi,
    "-ac",
    String(channels),
    "-c:a",
    "pcm_s16le",
    "-f",
    "wav",
    abs,
  ]);
  const bytes = fs.statSync(abs).size;
  await persist(`uploads/${id}`);
  await db.upload.create({ data: { id, ...actor, filename: name, path: `uploads/${id}`, bytes } });
  return `upload:${id}`;
}

async function member(name: string): Promise<Actor> {
  const user = await signUp({
    email: `${name}-${randomUUID().slice(0, 6)}@example.com`,
    name,
    password: "a long password 1",
  });
  return { userId: user.id, teamId: (await db.membership.findFirstOrThrow({ where: { userId: user.id } })).teamId };
}

// The scaled stage: uploads, the timeline snapshot and the result live in a bucket (TEST_STORAGE=s3).
let unstubModes: () => Promise<void> = async () => {};
beforeAll(async () => {
  unstubModes = await stubScaledModes();
  vi.stubEnv("DATA_DIR", data);
  alice = await member("Alice");
  bob = await member("Bob");
  // Constant 0.5, mono: gains read straight off the output.
  media.dc = await upload(alice, "dc.wav", `aevalsrc=exprs=0.5:s=${R}:d=1`, 1);
  // Left +0.25, right −0.25.
  media.stereo = await upload(alice, "stereo.wav", `aevalsrc=exprs=0.25|-0.25:s=${R}:d=1`, 2);
  // Sample n holds n/32768: an output sample says which source sample it came from.
  media.ramp = await upload(alice, "ramp.wav", `aevalsrc=exprs=n/32768:s=${R}:d=0.5`, 1);
  media.bob = await upload(bob, "bob.wav", `aevalsrc=exprs=0.5:s=${R}:d=1`, 1);
});
afterAll(async () => {
  await unstubModes();
  fs.rmSync(dir, { recursive: true, force: true });
});

let n = 0;
const clip = (trackId: string, m: MediaRef, props: Partial<StudioClip>): StudioClip => ({
  id: `c${++n}`,
  trackId,
  media: m,
  start: 0,
  sourceStart: 0,
  duration: 100_000,
  volume: 1,
  fadeIn: 0,
  fadeOut: 0,
  ...props,
});

/** Times are whole milliseconds: 48 frames each at 48 kHz, so every edge falls on a frame. */
function knownTimeline(): StudioTimeline {
  return {
    schemaVersion: 1,
    tracks: [
      { id: "t1", name: "One", muted: false, solo: false },
      { id: "t2", name: "Two", muted: false, solo: false },
      { id: "t3", name: "Muted", muted: true, solo: false },
    ],
    clips: [
      // The ramp from its 50 ms in-point, placed at 100 ms for 200 ms.
      clip("t1", media.ramp, { start: 100_000, sourceStart: 50_000, duration: 200_000 }),
      // Half volume with a 100 ms fade-in and a 200 ms fade-out, at 500 ms for 400 ms.
      clip("t2", media.dc, { start: 500_000, duration: 400_000, volume: 0.5, fadeIn: 100_000, fadeOut: 200_000 }),
      // Two clips overlapping across tracks (the same media as above, a second time): they add up.
      clip("t2", media.stereo, { start: 1_000_000, duration: 100_000, volume: 0.8 }),
      clip("t1", media.dc, { start: 1_050_000, duration: 100_000 }),
      // Never heard.
      clip("t3", media.dc, { start: 0, duration: 1_000_000 }),
    ],
    media: {
      [media.dc]: { name: "dc.wav", durationUs: 1_000_000 },
      [media.stereo]: { name: "stereo.wav", durationUs: 1_000_000 },
      [media.ramp]: { name: "ramp.wav", durationUs: 500_000 },
    },
  };
}

/** What the Web Audio scheduler produces for knownTimeline at frame i: [left, right]. */
function expected(i: number): [number, number] {
  let l = 0;
  let r = 0;
  if (i >= 4800 && i < 14400) {
    l += (2400 + i - 4800) / 32768;
    r = l;
  }
  if (i >= 24000 && i < 43200) {
    const k = i - 24000;
    const env = k < 4800 ? k / 4800 : k < 9600 ? 1 : (19200 - k) / 9600;
    l += 0.25 * env;
    r += 0.25 * env;
  }
  if (i >= 48000 && i < 52800) {
    l += 0.8 * 0.25;
    r -= 0.8 * 0.25;
  }
  if (i >= 50400 && i < 55200) {
    l += 0.5;
    r += 0.5;
  }
  return [l, r];
}

describe("studio export render", () => {
  it("places, trims, fades and sums every audible clip sample-accurately (WAV)", async () => {
    const out = path.join(dir, "mix.wav");
    const clips = audibleClips(knownTimeline());
    expect(clips).toHaveLength(4);
    const { frames } = await renderClips(alice.teamId, clips, out, { format: "wav", workDir: path.join(dir, "work") });
    expect(frames).toBe(55_200);
    const pcm = await decodeToFloat32(out, { sampleRate: R });
    expect(pcm.left.length).toBe(55_200);
    let worst = 0;
    let at = -1;
    for (let i = 0; i < pcm.left.length; i++) {
      const [l, r] = expected(i);
      const err = Math.max(Math.abs(pcm.left[i] - l), Math.abs(pcm.right[i] - r));
      if (err > worst) {
        worst = err;
        at = i;
      }
    }
    // 16-bit output: within one step of the exact value everywhere (first miss reported by frame).
    expect(worst, `frame ${at}`).toBeLessThanOrEqual(1.01 * LSB);
    // Spot checks a reader can follow: the in-point, the fade ramps, the overlap sum.
    expect(pcm.left[4799]).toBe(0);
    expect(pcm.left[4800] / LSB).toBeCloseTo(2400, 0);
    expect(pcm.left[14399] / LSB).toBeCloseTo(11999, 0);
    expect(pcm.left[24000 + 2400]).toBeCloseTo(0.125, 4); // half-way up the fade-in
    expect(pcm.left[24000 + 9600 + 4800]).toBeCloseTo(0.125, 4); // half-way down the fade-out
    expect(pcm.left[51000]).toBeCloseTo(0.7, 4);
    expect(pcm.right[51000]).toBeCloseTo(0.3, 4);
  });

  it("keeps the next clip of a track in place when a source holds less than its clip asks", async () => {
    const t = knownTimeline();
    // The ramp file is 0.5 s long; the clip asks for 300 ms from 400 ms (the timeline believes 1 s).
    t.media[media.ramp] = { name: "ramp.wav", durationUs: 1_000_000 };
    t.clips = [
      clip("t1", media.ramp, { start: 0, sourceStart: 400_000, duration: 300_000 }),
      clip("t1", media.dc, { start: 300_000, duration: 100_000 }),
      clip("t1", media.dc, { start: 500_000, duration: 100_000, volume: 0.5 }),
    ];
    const out = path.join(dir, "short.wav");
    await renderClips(alice.teamId, audibleClips(t), out, { format: "wav", workDir: path.join(dir, "work") });
    const pcm = await decodeToFloat32(out, { sampleRate: R });
    expect(pcm.left.length).toBe(28_800);
    const want = (i: number) =>
      i < 4800 ? (19_200 + i) / 32768 : i < 14_400 ? 0 : i < 19_200 ? 0.5 : i < 24_000 ? 0 : 0.25;
    let worst = 0;
    for (let i = 0; i < pcm.left.length; i++) worst = Math.max(worst, Math.abs(pcm.left[i] - want(i)));
    expect(worst).toBeLessThanOrEqual(1.01 * LSB);
  });

  it("renders MP3 of the same length", async () => {
    const out = path.join(dir, "mix.mp3");
    await renderClips(alice.teamId, audibleClips(knownTimeline()), out, {
      format: "mp3",
      workDir: path.join(dir, "work"),
    });
    const info = await probe(out);
    expect(info.format).toBe("mp3");
    expect(info.durationSec).toBeGreaterThan(1.1);
    expect(info.durationSec).toBeLessThan(1.25);
  });
});

describe("studio export job", () => {
  it("runs as a free studio-export order whose result is a library export", async () => {
    const before = await db.ledgerEntry.count({ where: { userId: alice.userId } });
    const { orderNo } = await exportTimeline(alice, knownTimeline(), {
      format: "wav",
      name: "My/mix: v1",
      projectId: "p1",
    });
    const claimed = await claimNext("test-worker", 60_000);
    expect(claimed?.orderNo).toBe(orderNo);
    const stages: number[] = [];
    const outcome = await processOrder(claimed!, {
      workerId: "test-worker",
      signal: new AbortController().signal,
      progress: (f) => stages.push(f),
      maxInputBytes: 1e9,
      fetchTimeoutMs: 10_000,
    });
    expect(outcome).toEqual({ kind: "finished" });
    expect(stages.length).toBeGreaterThan(0);

    const detail = await orderDetail(alice, orderNo);
    expect(detail).toMatchObject({ status: "finish", cost: 0, payStatus: "released", held: 0, progress: 1 });
    expect(detail.stuffs).toEqual([expect.objectContaining({ name: "My mix v1.wav", business: "mix" })]);
    // Nothing held, charged or released.
    expect(await db.ledgerEntry.count({ where: { userId: alice.userId } })).toBe(before);
    // Not an Open API order.
    await expect(queryOrder(alice, orderNo)).rejects.toThrow(/Order not found/);
    // The timeline snapshot is gone; the mix is in the library with its exact length.
    expect(fs.existsSync(resolveData(`work/studio-export/${orderNo}.json`))).toBe(false);
    expect(await storedExists(`work/studio-export/${orderNo}.json`)).toBe(false);
    // The mix itself is stored (in the bucket with TEST_STORAGE=s3) and reads back at its length.
    const mix = await db.orderFile.findFirstOrThrow({ where: { order: { orderNo } } });
    expect((await probe(await materialise(mix.path))).durationSec).toBeCloseTo(1.15, 2);
    const lib = await listLibrary(alice, { kind: "export" });
    expect(lib.items).toEqual([
      expect.objectContaining({
        name: "My mix v1.wav",
        kind: "export",
        durationUs: 1_150_000,
        source: { type: "order", id: orderNo },
      }),
    ]);
    // The browser's order view names each result by its library ref ("Open in Studio" places it by
    // that ref); the Open API answer keeps the spec's three fields.
    expect(detail.stuffs.map((s) => s.ref)).toEqual([lib.items[0].ref]);
    const file = await db.orderFile.findFirstOrThrow({ where: { order: { orderNo } } });
    expect(lib.items[0].ref).toBe(`file:${file.id}`);
  });

  it("refuses another team's media and a timeline with nothing audible", async () => {
    const t = knownTimeline();
    t.clips.push(clip("t1", media.bob, { start: 2_000_000 }));
    t.media[media.bob] = { name: "bob.wav", durationUs: 1_000_000 };
    const err = await exportTimeline(alice, t, { format: "wav", name: "x" }).catch((e) => e);
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBe(404);

    const silent = knownTimeline();
    silent.tracks = silent.tracks.map((tr) => ({ ...tr, muted: true }));
    const err2 = await exportTimeline(alice, silent, { format: "wav", name: "x" }).catch((e) => e);
    expect((err2 as AppError).status).toBe(400);
    expect(await db.order.count({ where: { teamId: alice.teamId, status: "pending" } })).toBe(0);
  });
});
