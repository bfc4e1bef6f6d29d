// extendMusic end to end: real ffmpeg decode/encode, the worker thread, tags, covers, progress,
// determinism and cancellation, on a synthetic 128 BPM song written to a wav file.
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { AppError } from "@/lib/errors";
import { decodeToFloat32, encodeFromFloat32, probe } from "@/lib/media/ffmpeg";
import { analyze } from "./features.mjs";
import { extendMusic, extendMusicDetailed, localExtendEngine } from "./index";
import { seamPositions } from "./render";
import { checkSeams } from "./seam-checks";
import { makeSong, mono, type Song } from "./test-fixtures";

const SR = 44100;
let dir: string;
let input: string;
let song: Song;

beforeAll(async () => {
  dir = mkdtempSync(path.join(os.tmpdir(), "mixdesk-extend-"));
  song = makeSong({ bpm: 128, sections: ["intro", "verse", "chorus", "verse", "chorus"], seed: "e2e" });
  input = path.join(dir, "song.wav");
  await encodeFromFloat32(song.pcm, input, { format: "wav", wavSampleFormat: "f32" });
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const sha = (f: string) => createHash("sha256").update(readFileSync(f)).digest("hex");
const titleOf = (f: string) =>
  execFileSync("ffprobe", ["-v", "error", "-show_entries", "format_tags=title", "-of", "default=nw=1:nk=1", f], {
    encoding: "utf8",
  }).trim();

describe("extendMusic", () => {
  const progress: [number, string][] = [];
  let r: Awaited<ReturnType<typeof extendMusicDetailed>>;
  beforeAll(async () => {
    r = await extendMusicDetailed(
      {
        inputPath: input,
        continueAt: 12,
        targetSeconds: 45,
        workDir: path.join(dir, "a"),
        title: "Night Drive — 夜行 (ext)",
        seed: "t1",
        onProgress: (f, s) => progress.push([f, s]),
      },
      { keepPcm: true },
    );
  });

  it("writes two tagged mp3 variants of about the target length with covers, keeping the start and the tempo", async () => {
    expect(r.variants).toHaveLength(2);
    expect(Math.abs(r.tempoBpm - 128) / 128).toBeLessThan(0.01);
    expect(r.beats).toBeGreaterThanOrEqual(song.beats.length - 2);
    const bar = 4 * song.period;
    for (const [k, v] of r.variants.entries()) {
      expect(path.basename(v.audioPath)).toBe(`extend-${k + 1}.mp3`);
      const info = await probe(v.audioPath);
      expect(info.audio?.codec).toBe("mp3");
      expect(Math.abs(info.durationSec - v.duration)).toBeLessThan(0.1);
      expect(Math.abs(v.duration - 45)).toBeLessThanOrEqual(bar);
      expect(v.jumps).toBeGreaterThanOrEqual(1);
      expect(titleOf(v.audioPath)).toBe("Night Drive — 夜行 (ext)");
      const png = readFileSync(v.imagePath);
      expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([512, 512]);
      // The seams of the float render carry no click (bounds justified in seam-checks.ts).
      const plan = r.details.plans[k];
      for (const s of checkSeams(song.pcm, r.details.pcm![k], plan)) {
        expect(s.stepRatio).toBeLessThanOrEqual(1);
        expect(s.burstRatio).toBeLessThanOrEqual(1);
      }
      // After mp3 the audio before the first seam is still the source's (beyond codec noise).
      const out = await decodeToFloat32(v.audioPath);
      const cut = seamPositions(plan)[0] - Math.round(0.05 * SR);
      let num = 0,
        den = 0;
      for (let i = 0; i < cut; i++) {
        num += song.pcm.left[i] ** 2;
        den += (song.pcm.left[i] - out.left[i]) ** 2;
      }
      expect(10 * Math.log10(num / den)).toBeGreaterThan(20);
      // The decoded continuation keeps the source's tempo within 2 %.
      const re = analyze(mono(out), SR, { withGraph: false });
      const t0 = seamPositions(plan)[0] / SR,
        t1 = (plan.frames - plan.fadeFrames) / SR;
      const ibis = [];
      const cb = Array.from(re.beats).filter((t) => t > t0 && t < t1);
      for (let i = 1; i < cb.length; i++) ibis.push(cb[i] - cb[i - 1]);
      ibis.sort((a, b) => a - b);
      expect(Math.abs(60 / ibis[ibis.length >> 1] - r.tempoBpm) / r.tempoBpm).toBeLessThan(0.02);
    }
    expect(sha(r.variants[0].audioPath)).not.toBe(sha(r.variants[1].audioPath));
    expect(sha(r.variants[0].imagePath)).not.toBe(sha(r.variants[1].imagePath));
  });

  it("encodes the part the variants share once, and every variant still decodes exactly like a direct encode of its render", async () => {
    // continueAt 30 s leaves ≈ 24 s for variant 2's encode to skip (lib/media/mp3-splice.ts).
    const d = await extendMusicDetailed(
      { inputPath: input, continueAt: 30, targetSeconds: 60, workDir: path.join(dir, "shared"), seed: "s" },
      { keepPcm: true },
    );
    for (const [k, v] of d.variants.entries()) {
      const direct = path.join(dir, "shared", `direct-${k + 1}.mp3`);
      await encodeFromFloat32(d.details.pcm![k], direct, { format: "mp3", bitrate: "192k" });
      const [got, want] = await Promise.all([decodeToFloat32(v.audioPath), decodeToFloat32(direct)]);
      expect(got.left.length).toBe(d.details.plans[k].frames);
      expect(got.left.length).toBe(want.left.length);
      let diff = 0;
      for (let i = 0; i < got.left.length; i++) {
        diff = Math.max(diff, Math.abs(got.left[i] - want.left[i]), Math.abs(got.right[i] - want.right[i]));
      }
      expect(diff).toBe(0);
    }
    expect(readdirSync(path.join(dir, "shared")).filter((f) => f.endsWith(".tail"))).toEqual([]);
  });

  it("reports progress monotonically through every stage, ending at 1", () => {
    // Progress: monotonic, through every stage, ending at exactly 1 with "done".
    for (let i = 1; i < progress.length; i++) expect(progress[i][0]).toBeGreaterThanOrEqual(progress[i - 1][0]);
    expect(progress.at(-1)).toEqual([1, "done"]);
    expect(new Set(progress.map((p) => p[1]))).toEqual(
      new Set(["decode", "analyze", "render", "encode", "cover", "done"]),
    );
  });

  it("gives the same bytes for the same seed (through the Engine wrapper)", async () => {
    // Same seed, same bytes (through the Engine wrapper this time).
    const files = await localExtendEngine({
      continueAt: 12,
      targetSeconds: 45,
      title: "Night Drive — 夜行 (ext)",
      seed: "t1",
    }).run({
      inputPath: input,
      outDir: path.join(dir, "b"),
      durationSec: song.duration,
      onProgress: () => {},
      signal: new AbortController().signal,
    });
    expect(files.map((f) => [f.name, f.business])).toEqual([
      ["extend-1.mp3", "audio"],
      ["extend-1.png", "image"],
      ["extend-2.mp3", "audio"],
      ["extend-2.png", "image"],
    ]);
    expect(sha(files[0].path)).toBe(sha(r.variants[0].audioPath));
    expect(sha(files[2].path)).toBe(sha(r.variants[1].audioPath));
    expect(sha(files[1].path)).toBe(sha(r.variants[0].imagePath));
  });

  it("aborts on the signal (AbortError) and leaves no output behind", async () => {
    for (const stage of ["analyze", "encode"]) {
      const ac = new AbortController();
      const out = path.join(dir, `abort-${stage}`);
      const p = extendMusic({
        inputPath: input,
        continueAt: 10,
        targetSeconds: 60,
        workDir: out,
        onProgress: (_f, s) => {
          if (s === stage) ac.abort();
        },
        signal: ac.signal,
      });
      await expect(p).rejects.toMatchObject({ name: "AbortError" });
      let left: string[] = [];
      try {
        left = readdirSync(out);
      } catch {
        left = [];
      }
      expect(left.filter((f) => f.startsWith("extend-"))).toEqual([]);
    }
  });

  it("defaults: two variants of about continueAt + max(60 s, duration), seeded by the input path", async () => {
    const req = { inputPath: input, continueAt: 12, workDir: path.join(dir, "defaults") };
    const r = await extendMusic(req);
    expect(r.variants).toHaveLength(2);
    const target = Math.min(480, 12 + Math.max(60, song.duration));
    for (const v of r.variants) expect(Math.abs(v.duration - target)).toBeLessThanOrEqual(4 * song.period);
    expect(titleOf(r.variants[0].audioPath)).toBe("");
  });

  it("rejects continueAt outside (0, duration) and a target not after it as bad requests", async () => {
    const base = { inputPath: input, workDir: path.join(dir, "bad") };
    for (const req of [
      { ...base, continueAt: 0 },
      { ...base, continueAt: song.duration + 1 },
      { ...base, continueAt: 20, targetSeconds: 20.5 },
      { ...base, continueAt: 20, variants: 0 },
    ]) {
      const err = await extendMusic(req).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(AppError);
      expect((err as AppError).kind).toBe("bad_request");
    }
  });
});
