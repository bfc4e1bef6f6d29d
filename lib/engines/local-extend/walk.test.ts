// Beat tracking and the walk on synthetic songs with a known beat grid (no ffmpeg: pure DSP).
import { beforeAll, describe, expect, it } from "vitest";
import type { Analysis } from "./analysis.mjs";
import { analyze } from "./features.mjs";
import { renderPlan, seamPositions } from "./render";
import { checkSeams } from "./seam-checks";
import { makeSong, mono, type Song } from "./test-fixtures";
import { type Plan, planWalk, WALK_DEFAULTS } from "./walk.mjs";

const SECTIONS = ["intro", "verse", "chorus", "verse", "chorus", "bridge", "chorus", "outro"] as const;
const SR = 44100;
const LEAD = (WALK_DEFAULTS.guardMs + WALK_DEFAULTS.crossfadeMs / 2) / 1000;
const songs = new Map<number, { song: Song; an: Analysis }>();

beforeAll(() => {
  for (const bpm of [100, 128]) {
    const song = makeSong({ bpm, sections: [...SECTIONS], seed: `walk-${bpm}` });
    songs.set(bpm, { song, an: analyze(mono(song.pcm), SR) });
  }
});

/** Signed distance (s) from t to the nearest time in grid. */
const nearest = (grid: ArrayLike<number>, t: number) => {
  let best = Infinity;
  for (let i = 0; i < grid.length; i++) if (Math.abs(t - grid[i]) < Math.abs(best)) best = t - grid[i];
  return best;
};
const medianIbi = (b: ArrayLike<number>) => {
  const d: number[] = [];
  for (let i = 1; i < b.length; i++) d.push(b[i] - b[i - 1]);
  d.sort((x, y) => x - y);
  return d[d.length >> 1];
};

describe.each([100, 128])("%d BPM song", (bpm) => {
  it("tempo within 1 %, every tracked beat within 20 ms of a true beat, bars on the true downbeats", () => {
    const { song, an } = songs.get(bpm)!;
    expect(Math.abs(an.tempoBpm - bpm) / bpm).toBeLessThan(0.01);
    for (const b of an.beats) expect(Math.abs(nearest(song.beats, b))).toBeLessThan(0.02);
    // No true beat missed (the lead-in silence and the tail hold no beat).
    expect(an.beats.length).toBeGreaterThanOrEqual(song.beats.length - 2);
    const downbeat = an.beats[an.phase];
    const k = Math.round((downbeat - song.beats[0]) / song.period);
    expect(((k % 4) + 4) % 4).toBe(0);
  });

  it("every jump lands on a beat of the same bar phase (≤ 20 ms against the true grid)", () => {
    const { song, an } = songs.get(bpm)!;
    for (const seed of ["a", "b", "c"]) {
      const plan = planWalk(an, { continueAt: 30, targetSeconds: 150, seed });
      expect(plan.forcedJumps).toBe(0);
      for (let k = 0; k + 1 < plan.segments.length; k++) {
        // The seam sits LEAD before the beat on both sides.
        const leave = plan.segments[k].srcEnd / SR + LEAD;
        const land = plan.segments[k + 1].srcStart / SR + LEAD;
        expect(Math.abs(nearest(song.beats, leave))).toBeLessThan(0.02);
        expect(Math.abs(nearest(song.beats, land))).toBeLessThan(0.02);
        // Phase: the jump moves the music by a whole number of bars (within 20 ms).
        const bars = (land - leave) / (4 * song.period);
        expect(Math.abs(bars - Math.round(bars)) * 4 * song.period).toBeLessThan(0.02);
      }
    }
  });

  it("keeps the source up to the beat nearest continueAt, ends on a bar line near the target", () => {
    const { song, an } = songs.get(bpm)!;
    const plan = planWalk(an, { continueAt: 30, targetSeconds: 150, seed: "len" });
    const cut = plan.segments[0].srcEnd / SR + LEAD;
    expect(plan.segments[0].srcStart).toBe(0);
    expect(Math.abs(cut - 30)).toBeLessThanOrEqual(song.period / 2 + 0.02);
    // The first jump leaves the original continuation.
    expect(Math.abs(plan.segments[1].srcStart - plan.segments[0].srcEnd) / SR).toBeGreaterThan(4 * song.period);
    expect(Math.abs(plan.frames / SR - 150)).toBeLessThanOrEqual(4 * song.period + LEAD);
    const last = plan.segments[plan.segments.length - 1];
    if (!plan.naturalEnd) {
      const k = Math.round((last.srcEnd / SR - song.beats[0]) / song.period);
      expect(((k % 4) + 4) % 4).toBe(0);
      expect(Math.abs(nearest(song.beats, last.srcEnd / SR))).toBeLessThan(0.02);
    }
  });

  it("the same seed gives the same walk; another seed another walk", () => {
    const { an } = songs.get(bpm)!;
    const walk = (seed: string) => planWalk(an, { continueAt: 30, targetSeconds: 150, seed }).segments;
    expect(walk("s1")).toEqual(walk("s1"));
    expect(walk("s1")).not.toEqual(walk("s2"));
  });

  it("seams have no clicks, and the detector does flag hard splices", () => {
    const { song, an } = songs.get(bpm)!;
    const plan = planWalk(an, { continueAt: 30, targetSeconds: 150, seed: "clicks" });
    const out = renderPlan(song.pcm, plan);
    const seams = checkSeams(song.pcm, out, plan);
    expect(seams.length).toBe(plan.jumps);
    for (const s of seams) {
      expect(s.stepRatio).toBeLessThanOrEqual(1);
      expect(s.burstRatio).toBeLessThanOrEqual(1);
    }
    // Negative control: the same walk spliced without a crossfade, each landing a third of a beat
    // off the grid (a phase-aligned hard cut between repeats can be seamless, a misaligned one not).
    const off = Math.round((song.period / 3) * SR);
    const bad: Plan = {
      ...plan,
      crossfadeFrames: 0,
      segments: plan.segments.map((g, k) => (k === 0 ? g : { ...g, srcStart: g.srcStart + off })),
    };
    bad.frames = bad.segments.reduce((n, g) => n + g.srcEnd - g.srcStart, 0);
    const badSeams = checkSeams(song.pcm, renderPlan(song.pcm, bad), bad, { halfCrossfade: plan.crossfadeFrames / 2 });
    const flagged = badSeams.filter((s) => s.stepRatio > 1 || s.burstRatio > 1).length;
    expect(flagged).toBeGreaterThanOrEqual(Math.ceil(badSeams.length / 2));
  });

  it("the continuation keeps the source's tempo (within 2 %) and its beats stay on a grid through the seams", () => {
    const { song, an } = songs.get(bpm)!;
    const plan = planWalk(an, { continueAt: 30, targetSeconds: 150, seed: "tempo" });
    const out = renderPlan(song.pcm, plan);
    const re = analyze(mono(out), SR, { withGraph: false });
    const seams = seamPositions(plan).map((s) => s / SR);
    const cont = Array.from(re.beats).filter((t) => t > seams[0] && t < plan.frames / SR - plan.fadeFrames / SR);
    const tempo = 60 / medianIbi(cont);
    expect(Math.abs(tempo - an.tempoBpm) / an.tempoBpm).toBeLessThan(0.02);
    // Beats tracked on the output: every seam's beat (LEAD after the seam) is one of them.
    for (const s of seams) expect(Math.abs(nearest(re.beats, s + LEAD))).toBeLessThan(0.02);
    expect(song.duration).toBeLessThan(150);
  });
});

describe("without a beat grid", () => {
  it("a beatless tone is kept up to continueAt, then looped with crossfades to the target length", () => {
    const n = 3 * SR;
    const tone = new Float32Array(n);
    for (let i = 0; i < n; i++) tone[i] = 0.3 * Math.sin((2 * Math.PI * 220 * i) / SR) * (1 - i / n);
    const pcm = { left: tone, right: tone.slice(), sampleRate: SR };
    const an = analyze(tone, SR);
    const plan = planWalk(an, { continueAt: 2, targetSeconds: 10, seed: "drone" });
    expect(plan.segments[0]).toMatchObject({ srcStart: 0, srcEnd: 2 * SR });
    expect(plan.frames).toBe(10 * SR);
    const out = renderPlan(pcm, plan);
    let same = 0;
    while (same < 2 * SR && out.left[same] === tone[same]) same++;
    expect(same).toBeGreaterThanOrEqual(2 * SR - plan.crossfadeFrames);
    for (const s of checkSeams(pcm, out, plan)) expect(s.stepRatio).toBeLessThanOrEqual(1);
  });
});

describe("a grid but nothing to land on", () => {
  it("noise whose beats resemble nothing is still extended to the target (looped), not cut short", () => {
    const n = 6 * SR;
    const noise = new Float32Array(n);
    let x = 1;
    for (let i = 0; i < n; i++) {
      x = (x * 1103515245 + 12345) % 2147483648;
      noise[i] = 0.2 * (x / 2147483648 - 0.5) + 0.1 * Math.sin((2 * Math.PI * 440 * i) / SR);
    }
    const an = analyze(noise, SR);
    // The cut's beat has no landing at all.
    const bare = { ...an, edges: an.edges.map(() => []) };
    const plan = planWalk(bare, { continueAt: 3, targetSeconds: 60, seed: "noise" });
    expect(plan.segments[0]).toMatchObject({ srcStart: 0, srcEnd: 3 * SR });
    expect(plan.frames).toBe(60 * SR);
  });
});

describe("any cut and target on a short song", () => {
  it("the walk always ends, within about a bar of the target", () => {
    const song = makeSong({ bpm: 128, sections: ["intro", "verse", "chorus", "verse", "chorus"], seed: "short" });
    const an = analyze(mono(song.pcm), SR);
    for (const c of [1, 5, 12, 20, 30, song.duration - 1]) {
      for (const T of [c + 2, c + 8, 45, 90, 200, 480]) {
        for (const seed of ["a", "b", "c"]) {
          const plan = planWalk(an, { continueAt: c, targetSeconds: T, seed });
          expect(Math.abs(plan.frames / SR - T)).toBeLessThanOrEqual(4 * song.period + LEAD);
        }
      }
    }
  });
});
