// The scheduler's math without a browser: the gain curve it programs (replayed with Web Audio's
// automation rules) equals volume × linear fades at every sample, whatever the start position; and
// the WAV it encodes is read back by ffmpeg sample for sample. The full graph is exercised in
// Chromium by e2e/studio-render.spec.ts.
import fs from "node:fs/promises";
import os from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { decodeToFloat32, probe } from "@/lib/media/ffmpeg";
import { encodeWav, floatToPcm16, type GainEvent, gainAt, planClip, renderLength, toFrameTime } from "./schedule";

const S = 1_000_000;
const clip = { start: 2 * S, sourceStart: 0.5 * S, duration: 4 * S, volume: 0.8, fadeIn: S, fadeOut: 1.5 * S };

/** The value an AudioParam takes at `time` under setValueAtTime / linearRampToValueAtTime events. */
function automationValue(events: GainEvent[], time: number): number {
  let prev: GainEvent | null = null;
  for (const ev of events) {
    if (ev.time <= time) {
      prev = ev;
      continue;
    }
    if (ev.type === "ramp" && prev) {
      return prev.value + ((ev.value - prev.value) * (time - prev.time)) / (ev.time - prev.time);
    }
    break;
  }
  return prev ? prev.value : 1;
}

describe("gainAt", () => {
  it("is volume × linear fade-in × linear fade-out", () => {
    expect(gainAt(clip, 0)).toBe(0);
    expect(gainAt(clip, 0.5 * S)).toBeCloseTo(0.4, 12);
    expect(gainAt(clip, 2 * S)).toBe(0.8);
    expect(gainAt(clip, 2.5 * S)).toBe(0.8);
    expect(gainAt(clip, 3.25 * S)).toBeCloseTo(0.4, 12);
    expect(gainAt(clip, 4 * S)).toBe(0);
    expect(gainAt({ ...clip, fadeIn: 0, fadeOut: 0 }, 0)).toBe(0.8);
  });

  it("clamps fades that do not fit, as the model does", () => {
    const c = { duration: S, volume: 1, fadeIn: 2 * S, fadeOut: S };
    expect(gainAt(c, 0.5 * S)).toBeCloseTo(0.5, 12); // fade-in shortened to the clip, no fade-out
    expect(gainAt(c, S)).toBe(1);
  });
});

describe("planClip", () => {
  const sampleRate = 48000;

  it("starts the source at its timeline position with its in-point and length", () => {
    const p = planClip(clip, { when: 1, fromUs: 0, sampleRate })!;
    expect(p).toMatchObject({ startAt: 3, offset: 0.5, duration: 4 });
    expect(p.gain).toEqual([
      { type: "set", time: 3, value: 0 },
      { type: "ramp", time: 4, value: 0.8 },
      { type: "set", time: 5.5, value: 0.8 },
      { type: "ramp", time: 7, value: 0 },
    ]);
  });

  it("started mid-clip reads from the right source point and anchors the current gain", () => {
    const p = planClip(clip, { when: 10, fromUs: 2.5 * S, sampleRate })!;
    expect(p.startAt).toBe(10);
    expect(p.offset).toBeCloseTo(1, 12);
    expect(p.duration).toBeCloseTo(3.5, 12);
    expect(p.gain[0]).toEqual({ type: "set", time: 10, value: 0.4 });
    const late = planClip(clip, { when: 0, fromUs: 5 * S, sampleRate })!;
    expect(late.gain).toEqual([
      { type: "set", time: 0, value: gainAt(clip, 3 * S) },
      { type: "ramp", time: 1, value: 0 },
    ]);
    expect(planClip(clip, { when: 0, fromUs: 6 * S, sampleRate })).toBeNull();
  });

  it("programs exactly volume × fades at every sample, from any start position", () => {
    for (const fromUs of [0, 1_000_000, 2_000_000, 2_300_017, 3_999_999, 4_700_000, 5_900_000]) {
      const p = planClip(clip, { when: 0.25, fromUs, sampleRate })!;
      const into = Math.max(0, fromUs - clip.start);
      const frames = Math.round(p.duration * sampleRate);
      let worst = 0;
      for (let i = 0; i < frames; i++) {
        const tCtx = p.startAt + i / sampleRate;
        const clipUs = into + (tCtx - p.startAt) * S;
        worst = Math.max(worst, Math.abs(automationValue(p.gain, tCtx) - gainAt(clip, clipUs)));
      }
      expect(worst).toBeLessThan(1e-9);
    }
  });

  it("cuts clips at a loop end", () => {
    const p = planClip(clip, { when: 0, fromUs: 3 * S, toUs: 4.5 * S, sampleRate })!;
    expect(p).toMatchObject({ startAt: 0, offset: 1.5, duration: 1.5 });
    expect(planClip(clip, { when: 0, fromUs: 0, toUs: 2 * S, sampleRate })).toBeNull();
    expect(planClip(clip, { when: 0, fromUs: 0, toUs: 9 * S, sampleRate })!.duration).toBe(4);
  });

  it("puts starts on the sample grid", () => {
    const p = planClip({ ...clip, start: 1_000_010 }, { when: 0, fromUs: 0, sampleRate: 44100 })!;
    expect(p.startAt * 44100).toBe(Math.round(p.startAt * 44100));
    expect(toFrameTime(1.00001, 44100)).toBe(44100 / 44100);
    expect(renderLength([clip], 44100)).toBe(6 * 44100);
    expect(renderLength([], 44100)).toBe(1);
  });
});

describe("encodeWav", () => {
  it("converts floats like ffmpeg (× 32768, rounded, clipped)", () => {
    expect([0, 0.5, -0.5, 1, -1, 2, -2, Number.NaN].map(floatToPcm16)).toEqual([
      0, 16384, -16384, 32767, -32768, 32767, -32768, 0,
    ]);
  });

  it("writes a 16-bit PCM WAV that ffmpeg reads back sample for sample", async () => {
    const sampleRate = 22050;
    const length = 5000;
    const left = Float32Array.from({ length }, (_, i) => 0.6 * Math.sin((2 * Math.PI * 440 * i) / sampleRate));
    const right = Float32Array.from({ length }, (_, i) => (i % 100) / 100 - 0.5);
    const wav = encodeWav({ numberOfChannels: 2, sampleRate, length, getChannelData: (ch) => (ch ? right : left) });
    expect(wav.byteLength).toBe(44 + length * 4);
    const dir = await fs.mkdtemp(path.join(os.tmpdir(), "mx-wav-"));
    try {
      const file = path.join(dir, "mix.wav");
      await fs.writeFile(file, new Uint8Array(wav));
      const info = await probe(file);
      expect(info.format).toBe("wav");
      expect(info.audio).toMatchObject({ codec: "pcm_s16le", sampleRate, channels: 2, sampleFmt: "s16" });
      const pcm = await decodeToFloat32(file, { sampleRate });
      expect(pcm.left.length).toBe(length);
      for (let i = 0; i < length; i++) {
        expect(Math.abs(pcm.left[i] - left[i])).toBeLessThanOrEqual(1 / 32768);
        expect(Math.abs(pcm.right[i] - right[i])).toBeLessThanOrEqual(1 / 32768);
      }
    } finally {
      await fs.rm(dir, { recursive: true, force: true });
    }
  });
});
