import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeToFloat32, encodeFromFloat32, probe, type StereoPcm } from "./ffmpeg";
import { MP3_FRAME_SAMPLES, planTail, spliceMp3 } from "./mp3-splice";

const SR = 44100;
let dir: string;

/** A loud, busy stereo signal (chords, noise-burst "drums"), seeded; `from` on it is a different piece. */
function music(seconds: number, seed: number): StereoPcm {
  const n = seconds * SR;
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  let s = seed >>> 0;
  const rnd = () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32 - 0.5;
  };
  const roots = [220, 246.94, 196, 261.63].map((f) => f * (1 + (seed % 7) / 12));
  for (let i = 0; i < n; i++) {
    const t = i / SR;
    const f = roots[Math.floor(t / 2) % roots.length];
    const beat = t % 0.5;
    const drum = beat < 0.08 ? rnd() * 0.6 * (1 - beat / 0.08) : 0;
    const tone = 0.2 * Math.sin(2 * Math.PI * f * t) + 0.12 * Math.sin(2 * Math.PI * f * 1.5 * t);
    left[i] = tone + drum;
    right[i] = 0.8 * tone + 0.1 * Math.sin(2 * Math.PI * f * 2 * t) + drum;
  }
  return { left, right, sampleRate: SR };
}

/** B = A for the first `shared` seconds, then other material. */
function diverging(a: StereoPcm, shared: number, seed: number): StereoPcm {
  const other = music(a.left.length / SR, seed);
  const k = shared * SR;
  const left = Float32Array.from(a.left);
  const right = Float32Array.from(a.right);
  left.set(other.left.subarray(k), k);
  right.set(other.right.subarray(k), k);
  return { left, right, sampleRate: SR };
}

const tail = (p: StereoPcm, frame: number): StereoPcm => ({
  left: p.left.subarray(frame * MP3_FRAME_SAMPLES),
  right: p.right.subarray(frame * MP3_FRAME_SAMPLES),
  sampleRate: SR,
});

async function mp3(pcm: StereoPcm, name: string): Promise<Buffer> {
  const file = path.join(dir, name);
  await encodeFromFloat32(pcm, file, { format: "mp3", bitrate: "192k", metadata: { title: "Splice ✓" } });
  return readFileSync(file);
}

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "mixdesk-splice-"));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("spliceMp3", () => {
  it("joins a full encode of A and a tail encode of B into a file that decodes exactly like a full encode of B", async () => {
    const a = music(24, 1);
    const b = diverging(a, 15, 2);
    const plan = planTail(15 * SR, SR, 192, 5);
    expect(plan).not.toBeNull();
    const { tailStart, sharedFrames } = plan!;
    expect(tailStart % 49).toBe(0);
    expect(tailStart * MP3_FRAME_SAMPLES).toBeLessThan(sharedFrames * MP3_FRAME_SAMPLES - 4 * SR);
    const [fullA, tailB, fullB] = await Promise.all([
      mp3(a, "a.mp3"),
      mp3(tail(b, tailStart), "b-tail.mp3"),
      mp3(b, "b.mp3"),
    ]);
    const spliced = spliceMp3(fullA, tailB, tailStart, sharedFrames);
    expect(spliced).not.toBeNull();
    // Smaller than the two encodes together, about the size of a full encode.
    expect(Math.abs(spliced!.length - fullB.length)).toBeLessThan(2);
    writeFileSync(path.join(dir, "spliced.mp3"), spliced!);

    const want = await decodeToFloat32(path.join(dir, "b.mp3"));
    const got = await decodeToFloat32(path.join(dir, "spliced.mp3"));
    expect(got.left.length).toBe(want.left.length);
    expect(got.left.length).toBe(b.left.length); // encoder delay and end padding trimmed as usual
    let diff = 0;
    for (let i = 0; i < want.left.length; i++) {
      diff = Math.max(diff, Math.abs(got.left[i] - want.left[i]), Math.abs(got.right[i] - want.right[i]));
    }
    expect(diff).toBe(0);

    const info = await probe(path.join(dir, "spliced.mp3"));
    expect(info.durationSec).toBeCloseTo((await probe(path.join(dir, "b.mp3"))).durationSec, 3);
    const tags = readFileSync(path.join(dir, "spliced.mp3")).subarray(0, 200).toString("utf8");
    expect(tags).toContain("Splice ✓");
  });

  it("refuses (null) when the tail never converges with the full file or the input is not ffmpeg's CBR mp3", async () => {
    const a = music(24, 3);
    const c = music(24, 4); // nothing shared
    const plan = planTail(15 * SR, SR, 192, 5)!;
    const [fullA, tailC] = await Promise.all([mp3(a, "a2.mp3"), mp3(tail(c, plan.tailStart), "c-tail.mp3")]);
    expect(spliceMp3(fullA, tailC, plan.tailStart, plan.sharedFrames)).toBeNull();
    // A shared part that ends before the tail has had time to converge.
    expect(spliceMp3(fullA, tailC, plan.tailStart, plan.tailStart + 4)).toBeNull();
    const cut = fullA.subarray(0, fullA.length - 100);
    expect(spliceMp3(cut, tailC, plan.tailStart, plan.sharedFrames)).toBeNull();
    expect(spliceMp3(Buffer.from("not an mp3 at all"), tailC, plan.tailStart, plan.sharedFrames)).toBeNull();
  });

  it("plans no splice when too little is shared", () => {
    expect(planTail(10 * SR, SR, 192)).toBeNull();
    expect(planTail(60 * SR, SR, 192)?.tailStart).toBeGreaterThan(0);
  });
});
