import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { hlsPlaylist, makeLyingMkv } from "@/test/helpers/media";
import {
  MediaError,
  decodeToFloat32,
  encodeFromFloat32,
  extractAudioTrack,
  inspectMedia,
  measureDurationSec,
  probe,
  untrustedInput,
} from "./ffmpeg";

let dir: string;
const ff = (args: string[]) => {
  const r = spawnSync("ffmpeg", ["-nostdin", "-v", "error", "-y", ...args], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
};

beforeAll(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), "mixdesk-ffmpeg-"));
  // 2 s stereo: 440 Hz left, 660 Hz right.
  ff([
    "-f",
    "lavfi",
    "-i",
    "aevalsrc=exprs='0.5*sin(2*PI*440*t)|0.25*sin(2*PI*660*t)':s=48000:d=2",
    "-c:a",
    "pcm_f32le",
    path.join(dir, "st.wav"),
  ]);
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
    expect(p.audio).toMatchObject({ codec: "pcm_f32le", sampleRate: 48000, channels: 2, sampleFmt: "flt" });
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
    await encodeFromFloat32({ left, right, sampleRate: 44100 }, out, {
      format: "mp3",
      onProgress: (f) => seen.push(f),
    });
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
    const enc = encodeFromFloat32({ left: big, right: big, sampleRate: 44100 }, out, {
      format: "mp3",
      signal: ac2.signal,
    });
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

describe("untrusted input: one file, nothing else", () => {
  // A secret the attacker wants to read, outside the directory of the file handed to ffmpeg.
  let secret: string;
  let inbox: string;
  beforeAll(() => {
    secret = path.join(dir, "results", "A", "accompaniment.mp3");
    mkdirSync(path.dirname(secret), { recursive: true });
    ff(["-f", "lavfi", "-i", "sine=f=440:d=3", "-c:a", "libmp3lame", "-b:a", "64k", secret]);
    inbox = path.join(dir, "work", "B");
    mkdirSync(inbox, { recursive: true });
  });

  const refused = async (p: Promise<unknown>) => {
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(MediaError);
    expect((err as MediaError).kind).toBe("not_media");
  };

  it("refuses an HLS playlist whose segment is a local file (relative or absolute), on every entry point", async () => {
    for (const seg of ["../../results/A/accompaniment.mp3", secret, `file:${secret}`]) {
      const f = path.join(inbox, "input");
      writeFileSync(f, hlsPlaylist([seg]));
      await refused(probe(f));
      await refused(inspectMedia(f));
      await refused(measureDurationSec(f, "mp3"));
      await refused(decodeToFloat32(f));
      await refused(extractAudioTrack(f, "mp3", path.join(inbox, "out.m4a")));
      expect(existsSync(path.join(inbox, "out.m4a"))).toBe(false);
    }
  });

  it("refuses a playlist pointing to http without fetching it", async () => {
    let hits = 0;
    const server = http.createServer((_req, res) => {
      hits++;
      res.end(readFileSync(secret));
    });
    await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
    try {
      const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/seg.mp3`;
      const f = path.join(inbox, "remote.m3u8");
      writeFileSync(f, hlsPlaylist([url]));
      await refused(probe(f));
      await refused(decodeToFloat32(f));
      expect(hits).toBe(0);
    } finally {
      server.close();
    }
  });

  it("refuses concat lists", async () => {
    const f = path.join(inbox, "list.txt");
    writeFileSync(f, `ffconcat version 1.0\nfile '${secret}'\nfile '../../results/A/accompaniment.mp3'\n`);
    await refused(probe(f));
    await refused(decodeToFloat32(f));
  });

  it("refuses a forced demuxer that is not an audio/video container", () => {
    expect(() => untrustedInput("x", "hls")).toThrow(MediaError);
    expect(() => untrustedInput("x", "concat")).toThrow(MediaError);
  });

  it("still reads ordinary mp3, m4a, wav, mkv, mp4, ogg and flac files, and names their demuxer", async () => {
    const cases: [string, string[], string][] = [
      ["a.mp3", ["-c:a", "libmp3lame"], "mp3"],
      ["a.m4a", ["-c:a", "aac"], "mov"],
      ["a.wav", [], "wav"],
      ["a.mkv", ["-c:a", "libmp3lame"], "matroska"],
      ["a.ogg", ["-c:a", "libvorbis"], "ogg"],
      ["a.flac", [], "flac"],
    ];
    for (const [name, args, demuxer] of cases) {
      const f = path.join(dir, name);
      ff(["-f", "lavfi", "-i", "sine=f=330:d=2", ...args, f]);
      const info = await inspectMedia(f);
      expect(info.demuxer, name).toBe(demuxer);
      expect(Math.abs(info.durationSec - 2), name).toBeLessThan(0.06);
      expect((await decodeToFloat32(f, { demuxer: info.demuxer })).left.length, name).toBeGreaterThan(80_000);
    }
    const mp4 = path.join(dir, "v.mp4");
    ff([
      "-f",
      "lavfi",
      "-i",
      "testsrc=d=2:s=64x48:r=10",
      "-f",
      "lavfi",
      "-i",
      "sine=d=2",
      "-shortest",
      "-c:v",
      "mpeg4",
      "-c:a",
      "aac",
      mp4,
    ]);
    const v = await probe(mp4);
    expect(v).toMatchObject({ demuxer: "mov", video: true });
    const out = path.join(dir, "v-audio.m4a");
    await extractAudioTrack(mp4, v.demuxer, out);
    expect(await probe(out)).toMatchObject({ demuxer: "mov", video: false, audio: { codec: "aac" } });
  });

  it("measures a file whose container lies about its length by its decoded samples", async () => {
    const f = makeLyingMkv(path.join(dir, "lie.mkv"), 300, 1);
    const t0 = Date.now();
    const info = await inspectMedia(f);
    expect(info.declaredDurationSec).toBeCloseTo(1, 1);
    expect(Math.abs(info.durationSec - 300)).toBeLessThan(0.5);
    expect(Date.now() - t0).toBeLessThan(10_000);
  });

  it("refuses media that decodes past the length cap instead of decoding on", async () => {
    const f = path.join(dir, "a.wav");
    ff(["-f", "lavfi", "-i", "sine=f=330:d=3", f]);
    expect(await measureDurationSec(f, "wav", { maxSec: 5 })).toBeCloseTo(3, 2);
    await expect(measureDurationSec(f, "wav", { maxSec: 2 })).rejects.toMatchObject({
      kind: "not_media",
      message: "The media is longer than 2 s",
    });
  });
});
