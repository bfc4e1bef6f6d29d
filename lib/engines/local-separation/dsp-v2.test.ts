import { describe, expect, it } from "vitest";
import { separate } from "./dsp.mjs";
import { frequencyMedian, phaseStability, similarNeighbours, timeMedian } from "./dsp-v2.mjs";
import { rng } from "./test-fixtures";

const SR = 44100;

/** SI-SDR over both channels (reference rescaled by the optimal gain). */
function siSdr(ref: Float32Array[], est: Float32Array[]) {
  let rr = 0;
  let re = 0;
  ref.forEach((r, c) => {
    for (let i = 0; i < r.length; i++) {
      rr += r[i] * r[i];
      re += r[i] * est[c][i];
    }
  });
  const a = re / rr;
  let s = 0;
  let e = 0;
  ref.forEach((r, c) => {
    for (let i = 0; i < r.length; i++) {
      s += (a * r[i]) ** 2;
      e += (a * r[i] - est[c][i]) ** 2;
    }
  });
  return 10 * Math.log10(s / e);
}

const plus = (a: Float32Array, b: Float32Array) => a.map((v, i) => v + b[i]);
const maxSumError = (res: ReturnType<typeof separate>, L: Float32Array, R: Float32Array) => {
  let e = 0;
  for (let i = 0; i < L.length; i++) {
    e = Math.max(e, Math.abs(res.vocals.left[i] + res.accompaniment.left[i] - L[i]));
    e = Math.max(e, Math.abs(res.vocals.right[i] + res.accompaniment.right[i] - R[i]));
  }
  return e;
};

/** A "voice" that never repeats: random notes (no two phrases alike) with vibrato and harmonics. */
function voice(n: number, seed: number) {
  // Pitch glides continuously (random target per syllable) and the harmonic weights (the "vowel")
  // change per syllable, so no two frames are alike, as in speech or singing.
  const r = rng(seed);
  const out = new Float32Array(n);
  const syl = Math.round(0.2 * SR);
  let ph = 0;
  let f0 = 200;
  let target = 200;
  let w = [1, 0.5, 0.3, 0.2, 0.1, 0.1];
  for (let i = 0; i < n; i++) {
    if (i % syl === 0) {
      target = 140 * 2 ** (1.5 * (r() + 0.5));
      w = w.map(() => 0.1 + (r() + 0.5));
    }
    f0 += (target - f0) * 0.0005;
    ph += (2 * Math.PI * f0) / SR;
    const env = Math.min(1, (i % syl) / 600) * Math.min(1, (syl - (i % syl)) / 600);
    let s = 0;
    for (let h = 0; h < w.length; h++) s += (w[h] / (h + 1)) * Math.sin((h + 1) * ph);
    out[i] = 0.1 * env * s;
  }
  return out;
}

/** An exactly repeating 1.5 s loop: two chord tones and noise-burst "drums". */
function loop(n: number, seed: number) {
  const r = rng(seed);
  const period = Math.round(1.5 * SR);
  const cell = new Float32Array(period);
  for (let i = 0; i < period; i++) {
    const t = i / SR;
    const beat = i % Math.round(0.375 * SR);
    cell[i] =
      0.08 * Math.sin(2 * Math.PI * (i < period / 2 ? 262 : 294) * t) +
      0.06 * Math.sin(2 * Math.PI * (i < period / 2 ? 392 : 440) * t) +
      0.3 * r() * Math.exp(-beat / 800);
  }
  return new Float32Array(n).map((_, i) => cell[i % period]);
}

describe("percussive cue (frequency median)", () => {
  it("the running median equals a brute-force median", () => {
    const r = rng(3);
    const x = new Float64Array(300).map(() => r());
    const out = new Float64Array(300);
    frequencyMedian(x, 17, out, new Float64Array(18));
    for (const k of [0, 5, 8, 150, 291, 299]) {
      const w = Array.from(x.slice(Math.max(0, k - 8), Math.min(300, k + 9))).sort((a, b) => a - b);
      const m = w.length % 2 ? w[w.length >> 1] : 0.5 * (w[w.length / 2 - 1] + w[w.length / 2]);
      expect(out[k]).toBeCloseTo(m, 12);
    }
  });

  it("the running time median (HPSS harmonic half) equals a brute-force median", () => {
    const r = rng(13);
    const frames = 40;
    const K = 5;
    const mag = new Float32Array(frames * K).map(() => r());
    const med = timeMedian(mag, frames, K, 9);
    const out = new Float64Array(K);
    for (let t = 0; t < frames; t++) {
      med(t, out);
      for (let k = 0; k < K; k++) {
        const w: number[] = [];
        for (let u = Math.max(0, t - 4); u <= Math.min(frames - 1, t + 4); u++) w.push(mag[u * K + k]);
        w.sort((a, b) => a - b);
        const m = w.length % 2 ? w[w.length >> 1] : 0.5 * (w[w.length / 2 - 1] + w[w.length / 2]);
        expect(out[k]).toBeCloseTo(m, 12);
      }
    }
  });

  it("separates a click train (accompaniment) from a sustained tone (vocals)", () => {
    const n = 3 * SR;
    const tone = new Float32Array(n).map((_, i) => 0.07 * Math.sin((2 * Math.PI * 440 * i) / SR));
    // Noise clicks (64 samples, decaying) every 250 ms, about as loud as the tone overall.
    const r = rng(4);
    const clicks = new Float32Array(n);
    for (let i = 0; i < n; i += Math.round(0.25 * SR))
      for (let j = 0; j < 64; j++) clicks[i + j] = 2 * r() * Math.exp(-j / 20);
    const mix = plus(tone, clicks);
    // Percussive cue alone: repetition, stereo, steady-partial, reverb-tail and band cues off.
    const res = separate(mix, mix.slice(), SR, {
      params: { repWeight: 0, stereoWeight: 0, stabWeight: 0, revWeight: 0, bandLowHz: 1, bandHighHz: 22050 },
    });
    const gainV = siSdr([tone, tone], [res.vocals.left, res.vocals.right]) - siSdr([tone, tone], [mix, mix]);
    const gainA =
      siSdr([clicks, clicks], [res.accompaniment.left, res.accompaniment.right]) - siSdr([clicks, clicks], [mix, mix]);
    expect(gainV).toBeGreaterThan(10);
    expect(gainA).toBeGreaterThan(10);
  });
});

describe("partial-stability cue (phase-advance coherence)", () => {
  /** Mean stability (0..1) of bins lo..hi over frames 10..frames−10 of a mono signal's STFT. */
  function stability(x: Float32Array, lo: number, hi: number) {
    const N = 4096;
    const hop = 1024;
    const K = N / 2 + 1;
    const frames = Math.floor((x.length - N) / hop) + 1;
    const st = phaseStability(frames, K, 15, 0.3, N / hop);
    const re = new Float64Array(N);
    const z = new Float64Array(2 * K);
    for (let t = 0; t < frames; t++) {
      // Plain DFT of the Hann-windowed frame, bins lo..hi only (the rest stay 0).
      for (let n = 0; n < N; n++) re[n] = x[t * hop + n] * (0.5 - 0.5 * Math.cos((2 * Math.PI * n) / N));
      for (let k = lo; k <= hi; k++) {
        let a = 0;
        let b = 0;
        for (let n = 0; n < N; n++) {
          a += re[n] * Math.cos((2 * Math.PI * k * n) / N);
          b -= re[n] * Math.sin((2 * Math.PI * k * n) / N);
        }
        z[2 * k] = a;
        z[2 * k + 1] = b;
      }
      st.push(t, z);
    }
    st.finish();
    let s = 0;
    let n = 0;
    for (let t = 10; t < frames - 10; t++)
      for (let k = lo; k <= hi; k++) {
        s += st.out[t * K + k] / 255;
        n++;
      }
    return s / n;
  }

  it("calls a held note steady, and neither noise nor a voice-like glide", () => {
    const n = 3 * SR;
    // 440 Hz sits in bins 40–41 of 4096 at 44.1 kHz.
    const held = new Float32Array(n).map((_, i) => 0.1 * Math.sin((2 * Math.PI * 440 * i) / SR));
    const r = rng(21);
    const noise = new Float32Array(n).map(() => 0.1 * r());
    // Pitch moving like speech: 4 Hz syllables, ±8 % around 440 Hz.
    let ph = 0;
    const glide = new Float32Array(n).map((_, i) => {
      ph += (2 * Math.PI * 440 * (1 + 0.08 * Math.sin((2 * Math.PI * 4 * i) / SR))) / SR;
      return 0.1 * Math.sin(ph);
    });
    expect(stability(held, 39, 42)).toBeGreaterThan(0.9);
    expect(stability(noise, 39, 42)).toBeLessThan(0.05);
    expect(stability(glide, 36, 45)).toBeLessThan(0.2);
  });
});

describe("REPET-SIM", () => {
  it("finds the frames one period apart as the most similar", () => {
    // Features of a 10-frame cycle, normalised rows.
    const T = 60;
    const d = 8;
    const f = new Float32Array(T * d);
    for (let t = 0; t < T; t++) {
      const row = f.subarray(t * d, t * d + d);
      for (let i = 0; i < d; i++) row[i] = 1 + Math.sin(((t % 10) + 1) * (i + 1));
      const s = Math.hypot(...row);
      for (let i = 0; i < d; i++) row[i] /= s;
    }
    const nb = similarNeighbours(f, T, d, 4, 3, 0);
    for (const t of [0, 25, 59]) {
      for (let j = 0; j < 4; j++) expect(Math.abs(nb[t * 4 + j] - t) % 10).toBe(0);
    }
  });

  it("takes an exactly repeating loop centred with the voice out of the vocals, far better than v1", () => {
    const n = 12 * SR;
    const v = voice(n, 5);
    const a = loop(n, 6);
    // Both centred, plus a faint uncorrelated noise floor (−40 dB) so the input counts as stereo:
    // the centre mask (v1) cannot tell the two apart, the repetition cue can.
    const r1 = rng(7);
    const r2 = rng(8);
    const L = new Float32Array(n).map((_, i) => v[i] + a[i] + 0.002 * r1());
    const R = new Float32Array(n).map((_, i) => v[i] + a[i] + 0.002 * r2());
    const score = (engine: "dsp-v1" | "dsp-v2") => {
      const res = separate(L, R, SR, { params: { engine } });
      expect(res.mode).toBe("stereo");
      return {
        v: siSdr([v, v], [res.vocals.left, res.vocals.right]) - siSdr([v, v], [L, R]),
        a: siSdr([a, a], [res.accompaniment.left, res.accompaniment.right]) - siSdr([a, a], [L, R]),
      };
    };
    const v1 = score("dsp-v1");
    const v2 = score("dsp-v2");
    expect(v2.v).toBeGreaterThan(4);
    expect(v2.a).toBeGreaterThan(4);
    expect(v2.v - v1.v).toBeGreaterThan(3);
    expect(v2.a - v1.a).toBeGreaterThan(3);
  });
});

describe("separate (dsp-v2)", () => {
  it("is the default engine, and the stems sum to the mixture to float precision (stereo)", () => {
    const n = 6 * SR;
    const r = rng(9);
    const v = voice(n, 7);
    const a = loop(n, 8);
    const L = new Float32Array(n).map((_, i) => v[i] + 0.8 * a[i] + 0.05 * r());
    const R = new Float32Array(n).map((_, i) => v[i] + 0.3 * a[i] + 0.05 * r());
    const res = separate(L, R, SR);
    expect(res.engine).toBe("dsp-v2");
    expect(res.mode).toBe("stereo");
    expect(maxSumError(res, L, R)).toBeLessThan(1e-6);
  });

  it("mono input: uses the non-stereo cues, separates, identical channels, exact sum", () => {
    const n = 10 * SR;
    const v = voice(n, 11);
    const a = loop(n, 12);
    const mix = plus(v, a);
    const res = separate(mix, mix.slice(), SR);
    expect(res.mode).toBe("mono");
    // Same mask on both channels: they differ only by FFT rounding.
    let d = 0;
    for (let i = 0; i < n; i++) d = Math.max(d, Math.abs(res.vocals.left[i] - res.vocals.right[i]));
    expect(d).toBeLessThan(1e-6);
    expect(maxSumError(res, mix, mix)).toBeLessThan(1e-6);
    expect(siSdr([v, v], [res.vocals.left, res.vocals.right]) - siSdr([v, v], [mix, mix])).toBeGreaterThan(3);
  });

  it("silence and very short input give finite, silent stems", () => {
    for (const n of [0, 1, 100, 20_000]) {
      const z = new Float32Array(n);
      const res = separate(z, z.slice(), SR);
      for (const x of [res.vocals.left, res.vocals.right, res.accompaniment.left, res.accompaniment.right]) {
        expect(x.length).toBe(n);
        expect(x.every((y) => y === 0)).toBe(true);
      }
    }
  });

  it("v1 stays selectable and says so", () => {
    const z = new Float32Array(5000).map((_, i) => Math.sin(i / 10));
    expect(separate(z, z.slice(), SR, { params: { engine: "dsp-v1" } }).engine).toBe("dsp-v1");
    expect(() => separate(z, z.slice(), SR, { params: { engine: "nope" as never } })).toThrow(/unknown/);
  });
});
