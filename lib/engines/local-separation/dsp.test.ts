import { describe, expect, it } from "vitest";
import { bandWeights, DEFAULT_PARAMS, separate, stftMask } from "./dsp.mjs";
import { rng } from "./test-fixtures";

const energy = (...xs: Float32Array[]) => xs.reduce((s, x) => s + x.reduce((a, v) => a + v * v, 0), 0);
function sdr(refL: Float32Array, refR: Float32Array, estL: Float32Array, estR: Float32Array) {
  let num = 0;
  let den = 0;
  for (let i = 0; i < refL.length; i++) {
    num += refL[i] ** 2 + refR[i] ** 2;
    den += (refL[i] - estL[i]) ** 2 + (refR[i] - estR[i]) ** 2;
  }
  return 10 * Math.log10(num / den);
}

/** Centre "voice" (vibrato tone with harmonics) + independent noise per side + a hard-left tone. */
function synth(n: number, sr = 44100) {
  const r1 = rng(1);
  const r2 = rng(2);
  const voice = new Float32Array(n);
  const sideL = new Float32Array(n);
  const sideR = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    const t = i / sr;
    const ph = 2 * Math.PI * (300 * t + 1.5 * Math.sin(2 * Math.PI * 5 * t));
    voice[i] =
      (0.2 * Math.sin(ph) + 0.08 * Math.sin(2 * ph) + 0.04 * Math.sin(3 * ph)) *
      (0.6 + 0.4 * Math.sin(2 * Math.PI * 1.5 * t));
    sideL[i] = 0.25 * r1() + 0.12 * Math.sin(2 * Math.PI * 523 * t);
    sideR[i] = 0.25 * r2();
  }
  const mixL = new Float32Array(n);
  const mixR = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    mixL[i] = voice[i] + sideL[i];
    mixR[i] = voice[i] + sideR[i];
  }
  return { voice, sideL, sideR, mixL, mixR };
}

describe("STFT / weighted overlap-add", () => {
  for (const [N, H] of [
    [4096, 1024],
    [2048, 512],
    [1024, 256],
    [512, 256],
  ] as const) {
    it(`reconstructs the input when the mask is 1 (N=${N}, hop=${H})`, () => {
      const r = rng(N);
      for (const len of [1, 100, N - 1, N, 3 * N + 17, 44_100]) {
        const L = new Float32Array(len).map(() => r());
        const R = new Float32Array(len).map(() => r());
        const out = stftMask(L, R, { fftSize: N, hop: H, lookahead: 1, mask: (_, a, b) => (a.fill(1), b.fill(1)) });
        let e = 0;
        for (let i = 0; i < len; i++) e = Math.max(e, Math.abs(out.left[i] - L[i]), Math.abs(out.right[i] - R[i]));
        expect(e, `len ${len}`).toBeLessThan(1e-6);
      }
    });
  }

  it("a zero mask gives silence and keeps channels independent", () => {
    const r = rng(5);
    const L = new Float32Array(10_000).map(() => r());
    const R = new Float32Array(10_000);
    const out = stftMask(L, R, { fftSize: 1024, hop: 256, lookahead: 0, mask: (_, a, b) => (a.fill(1), b.fill(0)) });
    expect(Math.max(...out.right.map(Math.abs))).toBeLessThan(1e-7);
    expect(Math.max(...out.left.map((v, i) => Math.abs(v - L[i])))).toBeLessThan(1e-6);
  });

  it("reports progress up to 1", () => {
    const seen: number[] = [];
    stftMask(new Float32Array(100_000), new Float32Array(100_000), {
      fftSize: 4096,
      hop: 1024,
      lookahead: 1,
      mask: (_, a, b) => (a.fill(0), b.fill(0)),
      onProgress: (f) => seen.push(f),
    });
    expect(seen.length).toBeGreaterThanOrEqual(20);
    expect(seen.at(-1)).toBe(1);
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThan(seen[i - 1]);
  });
});

describe("bandWeights", () => {
  it("is 1 in the vocal band, 0 an octave outside, and within [0,1]", () => {
    const b = bandWeights(2049, 4096, 44100, 120, 8000, 0);
    const bin = (f: number) => Math.round((f * 4096) / 44100);
    expect(b[bin(1000)]).toBe(1);
    expect(b[bin(40)]).toBe(0);
    expect(b[bin(17000)]).toBe(0);
    for (const v of b) expect(v >= 0 && v <= 1).toBe(true);
  });
});

// v1 (params.engine "dsp-v1"); its fixture voice is exactly periodic, which v2 treats as repeating.
describe("separate (v1 stereo centre mask)", () => {
  const n = 44100 * 3;
  const s = synth(n);
  const res = separate(s.mixL, s.mixR, 44100, { params: { engine: "dsp-v1" } });

  it("uses the stereo cue and the stems sum back to the mixture", () => {
    expect(res.mode).toBe("stereo");
    let e = 0;
    for (let i = 0; i < n; i++) {
      e = Math.max(e, Math.abs(res.vocals.left[i] + res.accompaniment.left[i] - s.mixL[i]));
      e = Math.max(e, Math.abs(res.vocals.right[i] + res.accompaniment.right[i] - s.mixR[i]));
    }
    expect(e).toBeLessThan(1e-6);
  });

  it("puts the centre source in vocals and the side sources in the accompaniment", () => {
    const vocalsSdr = sdr(s.voice, s.voice, res.vocals.left, res.vocals.right);
    const mixAsVocals = sdr(s.voice, s.voice, s.mixL, s.mixR);
    const accSdr = sdr(s.sideL, s.sideR, res.accompaniment.left, res.accompaniment.right);
    const mixAsAcc = sdr(s.sideL, s.sideR, s.mixL, s.mixR);
    expect(vocalsSdr - mixAsVocals).toBeGreaterThan(6);
    expect(accSdr - mixAsAcc).toBeGreaterThan(6);
  });

  it("does not modify the inputs unless inPlace", () => {
    const again = synth(n);
    expect(s.mixL).toEqual(again.mixL);
  });

  it("handles silence without NaN", () => {
    const z = new Float32Array(20_000);
    const r = separate(z, z.slice(), 44100);
    for (const a of [r.vocals.left, r.vocals.right, r.accompaniment.left, r.accompaniment.right]) {
      expect(a.every((v) => v === 0)).toBe(true);
    }
    const st = separate(new Float32Array(20_000), new Float32Array(20_000).fill(0.1), 44100);
    expect(st.vocals.left.every(Number.isFinite)).toBe(true);
  });
});

describe("separate (v1 mono fallback)", () => {
  it("yields valid, non-silent stems that sum to the mixture", () => {
    const n = 44100 * 3;
    const s = synth(n);
    const mono = new Float32Array(n).map((_, i) => 0.5 * (s.mixL[i] + s.mixR[i]));
    const res = separate(mono, mono.slice(), 44100, { params: { ...DEFAULT_PARAMS, engine: "dsp-v1" } });
    expect(res.mode).toBe("mono");
    const ev = energy(res.vocals.left, res.vocals.right);
    const ea = energy(res.accompaniment.left, res.accompaniment.right);
    const em = 2 * energy(mono);
    expect(ev / em).toBeGreaterThan(0.01);
    expect(ea / em).toBeGreaterThan(0.01);
    let e = 0;
    for (let i = 0; i < n; i++) e = Math.max(e, Math.abs(res.vocals.left[i] + res.accompaniment.left[i] - mono[i]));
    expect(e).toBeLessThan(1e-6);
    expect(res.vocals.left).toEqual(res.vocals.right);
  });
});
