import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, existsSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { MediaError, decodeToFloat32, encodeFromFloat32, probe } from "./ffmpeg";

let dir: string;
const ff = (args: string[]) => {
  const r = spawnSync("ffmpeg", ["-nostdin", "-v", "error", "-y", ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
};

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "mixdesk-ffmpeg-"));
  // 2 s stereo: 440 Hz left, 660 Hz right.
  ff(["-f", "lavfi", "-i", "aevalsrc=exprs='0.5*sin(2*PI*440*t)|0.25*sin(2*PI*660*t)':s=48000:d=2", "-c:a", "pcm_f32le", path.join(dir, "st.wav")]);
  ff(["-f", "lavfi", "-i", "sine=f=300:r=22050:d=1.5", "-ac", "1", path.join(dir, "mono.wav")]);
  ff(["-f", "lavfi", "-i", "testsrc=d=1:s=64x48:r=10", "-c:v", "mpeg4", path.join(dir, "silent.mp4")]);
  writeFileSync(path.join(dir, "notes.txt"), "this is not audio\n".repeat(50));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("probe", () => {
  it("measures an audio file", async () => {
    const p = await probe(path.join(dir, "st.wav"));
    expect(p.durationSec).toBeCloseTo(2, 2);
    expect(p.format).toBe("wav");
    expect(p.audio).toEqual({ codec: "pcm_f32le", sampleRate: 48000, channels: 2 });
    expect(p.video).toBe(false);
  });

  it("rejects a text file as not_media with a user-facing message", async () => {
    const err = await probe(path.join(dir, "notes.txt")).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).kind).toBe("not_media");
    expect((err as MediaError).message).toBe("The file is not audio or video");
  });

  it("rejects a video without sound as no_audio", async () => {
    const err = await probe(path.join(dir, "silent.mp4")).catch((e: unknown) => e);
    expect((err as MediaError).kind).toBe("no_audio");
    expect((err as MediaError).message).toBe("The file has no audio track");
  });

  it("reports a missing file as failed", async () => {
    const err = await probe(path.join(dir, "nope.wav")).catch((e: unknown) => e);
    expect((err as MediaError).kind).toBe("failed");
  });

  it("reports a missing binary clearly", async () => {
    vi.stubEnv("FFPROBE_PATH", "/nonexistent/ffprobe");
    try {
      const err = await probe(path.join(dir, "st.wav")).catch((e: unknown) => e);
      expect((err as MediaError).kind).toBe("failed");
      expect((err as MediaError).message).toMatch(/not installed/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
});

describe("decodeToFloat32 / encodeFromFloat32", () => {
  it("decodes stereo at 44.1 kHz (resampled) with the right channels", async () => {
    const pcm = await decodeToFloat32(path.join(dir, "st.wav"));
    expect(pcm.sampleRate).toBe(44100);
    expect(Math.abs(pcm.left.length - 88200)).toBeLessThanOrEqual(2);
    const rms = (a: Float32Array) => Math.sqrt(a.reduce((s, x) => s + x * x, 0) / a.length);
    expect(rms(pcm.left)).toBeCloseTo(0.5 / Math.SQRT2, 2);
    expect(rms(pcm.right)).toBeCloseTo(0.25 / Math.SQRT2, 2);
  });

  it("upmixes mono input to two identical channels", async () => {
    const pcm = await decodeToFloat32(path.join(dir, "mono.wav"), { expectedDurationSec: 1.5 });
    expect(Math.abs(pcm.left.length - 66150)).toBeLessThanOrEqual(2);
    expect(pcm.right).toEqual(pcm.left);
    expect(Math.max(...pcm.left.slice(0, 2000))).toBeGreaterThan(0.05);
  });

  it("round-trips float PCM through a 32-bit float wav exactly, and 16-bit within 1 LSB", async () => {
    const n = 100_003; // odd length, not a multiple of the chunk size
    const left = new Float32Array(n);
    const right = new Float32Array(n);
    for (let i = 0; i < n; i++) {
      left[i] = 0.8 * Math.sin(i * 0.05);
      right[i] = 0.3 * Math.cos(i * 0.011);
    }
    const f32 = path.join(dir, "rt32.wav");
    await encodeFromFloat32({ left, right, sampleRate: 44100 }, f32, { format: "wav", wavSampleFormat: "f32" });
    const back = await decodeToFloat32(f32);
    expect(back.left).toEqual(left);
    expect(back.right).toEqual(right);
    const s16 = path.join(dir, "rt16.wav");
    await encodeFromFloat32({ left, right, sampleRate: 44100 }, s16, { format: "wav" });
    const b16 = await decodeToFloat32(s16);
    let e = 0;
    for (let i = 0; i < n; i++) e = Math.max(e, Math.abs(b16.left[i] - left[i]), Math.abs(b16.right[i] - right[i]));
    expect(e).toBeLessThan(1 / 32768 + 1e-6);
  });

  it("encodes mp3 (libmp3lame 192k) of the right duration", async () => {
    const n = 44100 * 2;
    const left = new Float32Array(n).map((_, i) => 0.5 * Math.sin(i * 0.06));
    const right = left.slice();
    const out = path.join(dir, "x.mp3");
    const seen: number[] = [];
    await encodeFromFloat32({ left, right, sampleRate: 44100 }, out, { format: "mp3", onProgress: (f) => seen.push(f) });
    const p = await probe(out);
    expect(p.audio?.codec).toBe("mp3");
    expect(Math.abs(p.durationSec - 2)).toBeLessThan(0.05);
    expect(seen.at(-1)).toBe(1);
  });

  it("aborts a decode and an encode promptly, leaving no partial output", async () => {
    const ac = new AbortController();
    const long = path.join(dir, "long.wav");
    ff(["-f", "lavfi", "-i", "anoisesrc=d=120:r=44100", "-ac", "2", long]);
    const p = decodeToFloat32(long, { signal: ac.signal });
    ac.abort();
    await expect(p).rejects.toMatchObject({ name: "AbortError" });

    const n = 44100 * 120;
    const big = new Float32Array(n).fill(0.1);
    const out = path.join(dir, "aborted.mp3");
    const ac2 = new AbortController();
    const t0 = Date.now();
    const enc = encodeFromFloat32({ left: big, right: big, sampleRate: 44100 }, out, { format: "mp3", signal: ac2.signal });
    setTimeout(() => ac2.abort(), 100);
    await expect(enc).rejects.toMatchObject({ name: "AbortError" });
    expect(Date.now() - t0).toBeLessThan(2000);
    expect(existsSync(out)).toBe(false);
  });

  it("times out with a MediaError", async () => {
    const long = path.join(dir, "long2.wav");
    ff(["-f", "lavfi", "-i", "anoisesrc=d=300:r=44100", "-ac", "2", "-c:a", "flac", long.replace(".wav", ".flac")]);
    const err = await decodeToFloat32(long.replace(".wav", ".flac"), { timeoutMs: 1 }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).message).toMatch(/timed out/);
  });
});
