import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { monitorEventLoopDelay } from "node:perf_hooks";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { decodeToFloat32, MediaError, probe, type StereoPcm } from "@/lib/media/ffmpeg";
import { ENGINE_ID, separateFile } from "./separate";
import { makeMix, makeSide, makeVoice } from "./test-fixtures";

const DUR = 4;
let dir: string;
let mix: StereoPcm;
let voice: StereoPcm;
let side: StereoPcm;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "mixdesk-sep-"));
  makeVoice(path.join(dir, "voice.wav"), DUR);
  makeSide(path.join(dir, "side.wav"), DUR);
  makeMix(path.join(dir, "mix.wav"), DUR);
  makeMix(path.join(dir, "mono.wav"), DUR, { mono: true });
  makeMix(path.join(dir, "long.wav"), 40);
  writeFileSync(path.join(dir, "readme.txt"), "hello, I am a text file\n");
  [mix, voice, side] = await Promise.all(
    ["mix.wav", "voice.wav", "side.wav"].map((f) => decodeToFloat32(path.join(dir, f))),
  );
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** 10·log10(‖ref‖² / ‖ref − est‖²) over both channels and the common length. */
function sdr(ref: StereoPcm, est: StereoPcm, lag = 0) {
  const n = Math.min(ref.left.length, est.left.length - lag);
  let num = 0;
  let den = 0;
  for (const c of ["left", "right"] as const) {
    for (let i = 0; i < n; i++) {
      num += ref[c][i] ** 2;
      den += (ref[c][i] - est[c][i + lag]) ** 2;
    }
  }
  return 10 * Math.log10(num / den);
}

function sum(a: StereoPcm, b: StereoPcm): StereoPcm {
  const n = Math.min(a.left.length, b.left.length);
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    left[i] = a.left[i] + b.left[i];
    right[i] = a.right[i] + b.right[i];
  }
  return { left, right, sampleRate: a.sampleRate };
}

async function checkStems(r: { vocals: string; accompaniment: string; durationSec: number }, codec: string) {
  for (const f of [r.vocals, r.accompaniment]) {
    const p = await probe(f);
    expect(p.audio?.codec).toBe(codec);
    expect(p.audio?.channels).toBe(2);
    expect(Math.abs(p.durationSec - DUR)).toBeLessThan(0.05);
  }
  expect(Math.abs(r.durationSec - DUR)).toBeLessThan(0.05);
  const [v, a] = await Promise.all([decodeToFloat32(r.vocals), decodeToFloat32(r.accompaniment)]);
  return { v, a };
}

describe("separateFile", () => {
  // The fixture's "voice" is an exactly periodic tone: v2's repetition cue rightly calls it
  // accompaniment, so the centre-vs-sides checks run the v1 centre mask (params.engine); v2's
  // quality is covered in dsp-v2.test.ts and bench/separation-eval.ts.
  it("wav: valid stems of the input's duration that sum to the mixture; centre → vocals, sides → accompaniment (v1)", async () => {
    const progress: [number, string][] = [];
    const r = await separateFile(path.join(dir, "mix.wav"), path.join(dir, "out-wav"), {
      format: "wav",
      params: { engine: "dsp-v1" },
      onProgress: (f, s) => progress.push([f, s]),
    });
    expect(r.mode).toBe("stereo");
    expect(r.engine).toBe("dsp-v1");
    expect(path.basename(r.vocals)).toBe("vocals.wav");
    expect(path.basename(r.accompaniment)).toBe("accompaniment.wav");
    const { v, a } = await checkStems(r, "pcm_s16le");
    const s = sum(v, a);
    let e = 0;
    for (let i = 0; i < mix.left.length; i++) {
      e = Math.max(e, Math.abs(s.left[i] - mix.left[i]), Math.abs(s.right[i] - mix.right[i]));
    }
    expect(e).toBeLessThan(1e-3);

    // Quality vs the unprocessed mixture used as the estimate.
    const gainV = sdr(voice, v) - sdr(voice, mix);
    const gainA = sdr(side, a) - sdr(side, mix);
    expect(gainV).toBeGreaterThan(4);
    expect(gainA).toBeGreaterThan(4);

    // Progress: monotonic, dense in the DSP stage, ends at exactly 1.
    const fr = progress.map((p) => p[0]);
    for (let i = 1; i < fr.length; i++) expect(fr[i]).toBeGreaterThanOrEqual(fr[i - 1]);
    expect(progress.at(-1)).toEqual([1, "done"]);
    const sep = progress.filter((p) => p[1] === "separate").map((p) => p[0]);
    expect(sep.length).toBeGreaterThanOrEqual(15);
    for (let i = 1; i < sep.length; i++) expect(sep[i] - sep[i - 1]).toBeLessThanOrEqual(0.05);
  });

  it("mp3: stems are mp3 of the right duration and sum to the mixture within 20 dB SNR", async () => {
    const r = await separateFile(path.join(dir, "mix.wav"), path.join(dir, "out-mp3"), {
      params: { engine: "dsp-v1" },
    });
    expect(path.basename(r.vocals)).toBe("vocals.mp3");
    const { v, a } = await checkStems(r, "mp3");
    expect(sdr(mix, sum(v, a))).toBeGreaterThan(20);
    expect(sdr(voice, v) - sdr(voice, mix)).toBeGreaterThan(3);
  });

  it("mono input: valid, non-silent stems that sum to the mixture", async () => {
    const r = await separateFile(path.join(dir, "mono.wav"), path.join(dir, "out-mono"), { format: "wav" });
    expect(r.mode).toBe("mono");
    // The default method, and the result says so (recorded with the order's result).
    expect(ENGINE_ID).toBe("dsp-v2");
    expect(r.engine).toBe("dsp-v2");
    const { v, a } = await checkStems(r, "pcm_s16le");
    const m = await decodeToFloat32(path.join(dir, "mono.wav"));
    const rms = (x: Float32Array) => Math.sqrt(x.reduce((s, y) => s + y * y, 0) / x.length);
    expect(rms(v.left)).toBeGreaterThan(0.01 * rms(m.left));
    expect(rms(a.left)).toBeGreaterThan(0.01 * rms(m.left));
    const s = sum(v, a);
    let e = 0;
    for (let i = 0; i < m.left.length; i++)
      e = Math.max(e, Math.abs(s.left[i] - m.left[i]), Math.abs(s.right[i] - m.right[i]));
    expect(e).toBeLessThan(1e-3);
  });

  it("non-audio input → MediaError not_media with a clear message, no outputs", async () => {
    const out = path.join(dir, "out-txt");
    const err = await separateFile(path.join(dir, "readme.txt"), out).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).kind).toBe("not_media");
    expect((err as MediaError).message).toBe("The file is not audio or video");
    expect(existsSync(out)).toBe(false);
  });

  it("keeps the event loop responsive while separating (DSP on a worker thread)", async () => {
    const h = monitorEventLoopDelay({ resolution: 10 });
    h.enable();
    const r = await separateFile(path.join(dir, "long.wav"), path.join(dir, "out-long"));
    h.disable();
    expect(Math.abs(r.durationSec - 40)).toBeLessThan(0.05);
    // max is in nanoseconds; a 40 s song must never block the loop for long.
    expect(h.max / 1e6).toBeLessThan(250);
  });

  it("abort during the DSP stage rejects promptly and writes nothing", async () => {
    const ac = new AbortController();
    const out = path.join(dir, "out-abort");
    let abortedAt = 0;
    const p = separateFile(path.join(dir, "long.wav"), out, {
      signal: ac.signal,
      onProgress: (f, stage) => {
        if (stage === "separate" && f > 0.2 && !abortedAt) {
          abortedAt = Date.now();
          ac.abort();
        }
      },
    });
    await expect(p).rejects.toMatchObject({ name: "AbortError" });
    expect(abortedAt).toBeGreaterThan(0);
    expect(Date.now() - abortedAt).toBeLessThan(500);
    expect(existsSync(path.join(out, "vocals.mp3"))).toBe(false);
  });

  it("an already-aborted signal rejects before any work", async () => {
    const ac = new AbortController();
    ac.abort();
    await expect(
      separateFile(path.join(dir, "mix.wav"), path.join(dir, "never"), { signal: ac.signal }),
    ).rejects.toMatchObject({
      name: "AbortError",
    });
  });
});
