// Objective checks of a rendered extension at its seams (used by the tests and the bench).
//
// Around a seam the output is y = ga·a + gb·b, where a is the outgoing stretch continued past its
// end, b the incoming stretch started early, and ga = cos, gb = sin over 2h samples. Two bounds
// follow from that formula alone, so anything above them is energy neither source contains — a
// click — not a tuning choice:
//  - step: |Δy| ≤ (ga + gb)·max(|Δa|, |Δb|) + |Δga|·|a| + |Δgb|·|b|
//          ≤ √2·max(|Δa|, |Δb|) + (π / 4h)·(|a| + |b|)   (sample by sample);
//  - burst: the high-passed (first difference) energy of y in a 5 ms window is at most
//           (ga·√Ea + gb·√Eb)² ≤ 2·max(Ea, Eb), i.e. +3 dB over the louder source at that spot
//           (the +3 dB is the equal-power crossfade of two identical signals).
// A hard splice breaks the step bound whenever the two sides differ by more than the signal's own
// slope at the cut, and a burst shows as first-difference energy no source had.
import type { StereoPcm } from "@/lib/media/ffmpeg";
import type { Plan } from "./walk.mjs";

export interface SeamReport {
  /** Output sample of the seam. */
  at: number;
  /** Largest |Δy| / its bound over the crossfade ±64 samples (≤ 1 = no discontinuity). */
  stepRatio: number;
  /** Largest windowed high-band energy of y / 2·max(Ea, Eb) (≤ 1 = no burst). */
  burstRatio: number;
}

const get = (x: Float32Array, i: number) => (i >= 0 && i < x.length ? x[i] : 0);

export function checkSeams(
  src: StereoPcm,
  out: StereoPcm,
  plan: Plan,
  opts: { halfCrossfade?: number } = {},
): SeamReport[] {
  const h = Math.floor(opts.halfCrossfade ?? plan.crossfadeFrames / 2);
  const sr = src.sampleRate;
  const win = Math.round(0.005 * sr);
  const reports: SeamReport[] = [];
  let o = 0;
  for (let k = 0; k + 1 < plan.segments.length; k++) {
    o += plan.segments[k].srcEnd - plan.segments[k].srcStart;
    const endA = plan.segments[k].srcEnd,
      startB = plan.segments[k + 1].srcStart;
    let stepRatio = 0,
      burstRatio = 0;
    for (const ch of ["left", "right"] as const) {
      const y = out[ch],
        s = src[ch];
      const span = h + 64;
      for (let q = -span; q < span; q++) {
        const i = o + q;
        if (i < 1 || i >= y.length) continue;
        const a0 = get(s, endA + q - 1),
          a1 = get(s, endA + q),
          b0 = get(s, startB + q - 1),
          b1 = get(s, startB + q);
        const bound =
          Math.SQRT2 * Math.max(Math.abs(a1 - a0), Math.abs(b1 - b0)) +
          (Math.PI / (4 * Math.max(1, h))) * (Math.abs(a1) + Math.abs(b1)) +
          1e-6;
        stepRatio = Math.max(stepRatio, Math.abs(y[i] - y[i - 1]) / bound);
      }
      // Windowed first-difference energies, windows sliding across the crossfade.
      for (let c = -h - win; c <= h + win; c += Math.max(1, win >> 2)) {
        let ey = 0,
          ea = 0,
          eb = 0;
        for (let q = c - win; q < c + win; q++) {
          const i = o + q;
          if (i < 1 || i >= y.length) continue;
          ey += (y[i] - y[i - 1]) ** 2;
          ea += (get(s, endA + q) - get(s, endA + q - 1)) ** 2;
          eb += (get(s, startB + q) - get(s, startB + q - 1)) ** 2;
        }
        burstRatio = Math.max(burstRatio, ey / (2 * Math.max(ea, eb) + 1e-9));
      }
    }
    // NaN (a bad index) must fail the check, not slip through the comparisons.
    reports.push({
      at: o,
      stepRatio: Number.isNaN(stepRatio) ? Infinity : stepRatio,
      burstRatio: Number.isNaN(burstRatio) ? Infinity : burstRatio,
    });
  }
  return reports;
}
