// Waveform peaks on real ffmpeg-made audio: a half-scale tone then silence must show up where it
// is, in the waveform-data v2 format the browser library parses; coarser levels fold the base;
// a second request is answered from the cache without ffmpeg.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import WaveformData from "waveform-data";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { BASE_SPP, PeakAccumulator, levelFor, peaksOf } from "@/lib/media/peaks";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-peaks-dat-"));
const data = path.join(dir, "data");
const RATE = 44100;

/** 1 s of a 441 Hz tone at half scale, then 1 s of silence, then 0.5 s at full scale (s16 WAV). */
function makePattern(rel: string, codec: string[] = []) {
  const abs = path.join(data, rel);
  fs.mkdirSync(path.dirname(abs), { recursive: true });
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `aevalsrc=exprs='if(lt(t\\,1)\\,0.5*sin(2*PI*441*t)\\,if(lt(t\\,2)\\,0\\,0.999*sin(2*PI*441*t)))':s=${RATE}:d=2.5`,
    ...codec,
    abs,
  ]);
  return rel;
}

const asBuffer = (b: Buffer) => b.buffer.slice(b.byteOffset, b.byteOffset + b.length) as ArrayBuffer;

beforeAll(() => vi.stubEnv("DATA_DIR", data));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

describe("peaks", () => {
  it("puts the tone, the silence and the loud part at their pixels (v2, 8-bit, mono, spp 256, native rate)", async () => {
    const rel = makePattern("uploads/pattern.wav");
    const { dat, samples, sampleRate } = await peaksOf(rel, 256);
    expect(sampleRate).toBe(RATE);
    expect(samples).toBe(RATE * 2.5);

    const wf = WaveformData.create(asBuffer(dat));
    expect(wf.sample_rate).toBe(RATE);
    expect(wf.scale).toBe(BASE_SPP);
    expect(wf.channels).toBe(1);
    expect(wf.bits).toBe(8);
    expect(wf.length).toBe(Math.ceil((RATE * 2.5) / BASE_SPP));
    const ch = wf.channel(0);
    const px = (sec: number) => Math.floor((sec * RATE) / BASE_SPP);
    // Half scale: ±16384 → ±64 in 8 bits (a 441 Hz period is 100 samples, so each pixel holds both peaks).
    for (let i = 1; i < px(1) - 1; i++) {
      expect(ch.max_sample(i)).toBeGreaterThanOrEqual(62);
      expect(ch.max_sample(i)).toBeLessThanOrEqual(64);
      expect(ch.min_sample(i)).toBeLessThanOrEqual(-63);
      expect(ch.min_sample(i)).toBeGreaterThanOrEqual(-65);
    }
    for (let i = px(1) + 1; i < px(2) - 1; i++) {
      expect(ch.max_sample(i)).toBe(0);
      expect(ch.min_sample(i)).toBe(0);
    }
    for (let i = px(2) + 1; i < wf.length - 1; i++) {
      expect(ch.max_sample(i)).toBeGreaterThanOrEqual(126);
      expect(ch.min_sample(i)).toBeLessThanOrEqual(-127);
    }
  });

  it("derives coarser levels from the base by folding pairs, and serves the level at or below the one asked", async () => {
    const rel = makePattern("uploads/pattern-mp3", ["-c:a", "libmp3lame", "-b:a", "128k", "-f", "mp3"]);
    const base = WaveformData.create(asBuffer((await peaksOf(rel, 256)).dat));
    const coarse = WaveformData.create(asBuffer((await peaksOf(rel, 1500)).dat));
    expect(levelFor(1500)).toBe(1024);
    expect(coarse.scale).toBe(1024);
    expect(coarse.length).toBe(Math.ceil(base.length / 4));
    const b = base.channel(0);
    const c = coarse.channel(0);
    for (let i = 0; i < coarse.length; i++) {
      const idx = [4 * i, 4 * i + 1, 4 * i + 2, 4 * i + 3].filter((j) => j < base.length);
      expect(c.max_sample(i)).toBe(Math.max(...idx.map((j) => b.max_sample(j))));
      expect(c.min_sample(i)).toBe(Math.min(...idx.map((j) => b.min_sample(j))));
    }
    // The browser library can zoom out further from what the server sent.
    expect(coarse.resample({ scale: 4096 }).length).toBe(Math.ceil(base.length / 16));
  });

  it("answers from the cache afterwards: no ffmpeg needed", async () => {
    const rel = makePattern("uploads/cached.wav");
    const first = await peaksOf(rel, 512);
    vi.stubEnv("FFMPEG_PATH", path.join(dir, "no-ffmpeg"));
    vi.stubEnv("FFPROBE_PATH", path.join(dir, "no-ffprobe"));
    try {
      expect((await peaksOf(rel, 512)).dat.equals(first.dat)).toBe(true);
      // Another level of the same file is derived from the cached base, still without ffmpeg.
      expect(WaveformData.create(asBuffer((await peaksOf(rel, 2048)).dat)).scale).toBe(2048);
      // A file never seen needs ffmpeg, so the stub above was really in force.
      await expect(peaksOf(makePattern("uploads/other.wav"), 256)).rejects.toThrow(/not installed/);
    } finally {
      vi.stubEnv("FFMPEG_PATH", "ffmpeg");
      vi.stubEnv("FFPROBE_PATH", "ffprobe");
    }
  });

  it("gives the very bytes of ffmpeg's own mono downmix for stereo, however the samples are read", async () => {
    // Full-scale white noise, different in each channel: every rounding edge of the fold is hit.
    const src = path.join(data, "uploads/noise.wav");
    execFileSync("ffmpeg", [
      "-v",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      "anoisesrc=color=white:amplitude=1:seed=7:d=3:r=44100",
      "-f",
      "lavfi",
      "-i",
      "anoisesrc=color=white:amplitude=1:seed=9:d=3:r=44100",
      "-filter_complex",
      "[0:a][1:a]amerge=inputs=2[o]",
      "-map",
      "[o]",
      "-c:a",
      "pcm_s16le",
      src,
    ]);
    const variants: [string, string[]][] = [
      ["uploads/noise.wav", []], // plain s16 WAV: its data chunk read as it is, not decoded
      ["uploads/noise-list.wav", ["-c:a", "pcm_s16le", "-metadata", "title=a LIST chunk before the data"]],
      ["uploads/noise-mono.wav", ["-c:a", "pcm_s16le", "-ac", "1"]],
      ["uploads/noise.flac", ["-c:a", "flac"]], // decoded to s16, channels folded here
      ["uploads/noise-mp3.wav", ["-c:a", "libmp3lame", "-f", "wav"]], // RIFF but mp3: ffmpeg downmixes
      ["uploads/noise-24.wav", ["-c:a", "pcm_s24le"]], // 24-bit: ffmpeg downmixes
      // Decoded alongside the probe on the guess of their first bytes (kept when the probe agrees):
      ["uploads/noise.mp3", ["-c:a", "libmp3lame"]], // an ID3 tag first
      ["uploads/noise-bare.mp3", ["-c:a", "libmp3lame", "-id3v2_version", "0", "-write_xing", "0"]], // a frame sync first
      ["uploads/noise.m4a", ["-c:a", "aac"]], // ftyp: the mov demuxer, a float decoder
      ["uploads/noise.ogg", ["-c:a", "libvorbis"]],
      // Guessed wrong, so that decode is dropped for the probe's plan: ALAC in MP4 decodes to s16
      // (channels folded here, not ffmpeg's downmix); ADTS AAC looks like a frame sync without a layer.
      ["uploads/noise-alac.m4a", ["-c:a", "alac", "-sample_fmt", "s16p"]],
      ["uploads/noise.aac", ["-c:a", "aac", "-f", "adts"]],
    ];
    // Written to a pipe, a WAV cannot seek back to its sizes: its data chunk says 0xFFFFFFFF.
    const streamed = execFileSync("ffmpeg", ["-v", "error", "-i", src, "-c:a", "pcm_s16le", "-f", "wav", "pipe:1"], {
      maxBuffer: 1 << 26,
    });
    expect(streamed.readUInt32LE(streamed.indexOf("data") + 4)).toBe(0xffffffff);
    fs.writeFileSync(path.join(data, "uploads/noise-streamed.wav"), streamed);
    variants.push(["uploads/noise-streamed.wav", []]);
    for (const [rel, codec] of variants) {
      const abs = path.join(data, rel);
      if (codec.length) execFileSync("ffmpeg", ["-v", "error", "-y", "-i", src, ...codec, abs]);
      const mono = execFileSync("ffmpeg", ["-v", "error", "-i", abs, "-ac", "1", "-f", "s16le", "pipe:1"], {
        maxBuffer: 1 << 26,
      });
      const acc = new PeakAccumulator(256);
      acc.push(mono);
      const want = acc.finish(RATE);
      const got = WaveformData.create(asBuffer((await peaksOf(rel, 256)).dat)).channel(0);
      expect(got.min_array(), rel).toEqual(Array.from(want.min));
      expect(got.max_array(), rel).toEqual(Array.from(want.max));
    }
  });

  it("keeps min/max exact when chunks split samples and blocks", () => {
    const pcm = new Int16Array(600);
    pcm[10] = 32767;
    pcm[300] = -32768;
    pcm[599] = 256;
    const bytes = Buffer.from(pcm.buffer);
    const acc = new PeakAccumulator(256);
    // Odd-sized chunks, some at odd offsets.
    for (const [a, b] of [
      [0, 7],
      [7, 513],
      [513, 1200],
    ])
      acc.push(bytes.subarray(a, b));
    const p = acc.finish(8000);
    expect(acc.samples).toBe(600);
    expect(Array.from(p.max)).toEqual([127, 0, 1]);
    expect(Array.from(p.min)).toEqual([0, -128, 0]);
  });
});
