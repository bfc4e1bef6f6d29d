// DSP core of the local vocal/accompaniment separation (plain JS + JSDoc so that the worker thread
// can load it without a TypeScript loader; types for TS callers live in dsp.d.mts).
// Imports only fft.js and nothing else. See README.md in this folder for the method and its limits.
import FFT from "fft.js";
import { separateV2 } from "./dsp-v2.mjs";

/** Engine ids recorded with each result; `engine` in the params selects one (v2 is the default). */
export const ENGINES = Object.freeze(["dsp-v2", "dsp-v1"]);

/**
 * @typedef {object} SeparationParams
 * @property {number} fftSize       STFT frame length (power of two).
 * @property {number} hop           STFT hop; must divide fftSize.
 * @property {number} smoothFrames  Stereo cue: ± frames averaged in the cross-spectra (0 = none).
 * @property {number} smoothBins    Stereo cue: ± bins averaged in the cross-spectra (0 = none).
 * @property {number} maskExponent  Sharpening exponent applied to the centre mask (1 = Wiener-like).
 * @property {number} panWidth      Azimuth tolerance: level imbalance (|L|²-|R|²)/(|L|²+|R|²) of the
 *                                  smoothed bin at which the centre mask is halved (smaller = narrower).
 * @property {number} bandLowHz     Vocal band lower edge; the mask fades to bandFloor one octave below.
 * @property {number} bandHighHz    Vocal band upper edge; the mask fades to bandFloor one octave above.
 * @property {number} bandFloor     Mask gain outside the vocal band (0..1).
 * @property {number} monoThresholdDb  Side/mid energy ratio under which the input is treated as mono.
 * @property {number} monoMedianFrames Mono cue: time-median length in frames (odd).
 * @property {number} monoMedianBins   Mono cue: frequency-median length in bins (odd).
 * @property {"dsp-v2" | "dsp-v1"} engine  Method: v2 (all cues, dsp-v2.mjs) or v1 (centre mask only).
 * @property {number} percBins      v2: width (bins, odd) of the frequency median (percussive cue).
 * @property {number} percWeight    v2: weight of the percussive cue (0 = off).
 * @property {number} percMode      v2: 0 = percussive share P/X; 1 = HPSS soft mask P²/(H²+P²).
 * @property {number} harmFrames    v2: width (frames, odd) of the time median H.
 * @property {number} sustainWeight v2: weight of the sustained cue H/X (0 = off).
 * @property {number} stabWeight    v2: weight of the partial-stability cue (steady phase advance; 0 = off).
 * @property {number} stabFrames    v2: window (frames, odd) of the partial-stability cue.
 * @property {number} revWeight     v2: reverb-tail cue, tail power per unit of direct vocal power (0 = off).
 * @property {number} revRt60       v2: reverb time (s) the reverb-tail cue assumes.
 * @property {number} stabFloor     v2: phase coherence counted as "not steady" (noise gives ≈ 1/√stabFrames).
 * @property {number} repNeighbours v2: REPET-SIM frames per median (k).
 * @property {number} repMinDistSec v2: minimum distance between a frame and its similar frames.
 * @property {number} repMaxDistSec v2: search radius (0 = whole song).
 * @property {number} repBands      v2: log-spaced bands of the similarity features.
 * @property {number} repPool       v2: frames pooled per similarity row (speed).
 * @property {number} repWeight     v2: weight of the repetition cue (0 = off).
 * @property {number} stereoWeight  v2: exponent of the stereo cue (0 = stereo cue off).
 * @property {number} stereoCoherence v2: exponent of the coherence part of the stereo cue (0 = pan only).
 * @property {number} sharpen       v2: Wiener-style sharpening exponent of the final mask (1 = none).
 */

/** @type {Readonly<SeparationParams>} */
export const DEFAULT_PARAMS = Object.freeze({
  fftSize: 4096,
  hop: 1024,
  smoothFrames: 1,
  smoothBins: 1,
  maskExponent: 1,
  panWidth: 0.35,
  bandLowHz: 120,
  bandHighHz: 8000,
  bandFloor: 0,
  monoThresholdDb: -50,
  monoMedianFrames: 17,
  monoMedianBins: 17,
  engine: "dsp-v2",
  percBins: 17,
  percWeight: 0.7,
  percMode: 0,
  harmFrames: 17,
  sustainWeight: 0,
  stabWeight: 0.9,
  stabFrames: 15,
  stabFloor: 0.3,
  revWeight: 0.5,
  revRt60: 1,
  repNeighbours: 10,
  repMinDistSec: 1,
  repMaxDistSec: 0,
  repBands: 48,
  repPool: 2,
  repWeight: 1,
  stereoWeight: 1,
  stereoCoherence: 0,
  sharpen: 1,
});

/**
 * Periodic Hann window.
 * @param {number} n
 */
export function hann(n) {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

/**
 * One ring slot: the spectra (bins 0..N/2) of one frame of both channels plus per-bin statistics.
 * @typedef {object} FrameSlot
 * @property {number} index     frame index, or -1 when empty
 * @property {Float64Array} L   interleaved re/im, K bins
 * @property {Float64Array} R
 * @property {Float64Array} pLL |L|²
 * @property {Float64Array} pRR |R|²
 * @property {Float64Array} pLR Re(L·conj R)
 * @property {Float64Array} mag |(L+R)/2|
 */

/**
 * Mask callback: fills mL/mR (K bins, values in [0,1]) for the centre frame of the ring.
 * @callback MaskFn
 * @param {FrameSlot[]} ring  slots for frames t-A..t+A (ring[A] is frame t; missing frames are zero)
 * @param {Float64Array} mL
 * @param {Float64Array} mR
 * @returns {void}
 */

/**
 * Generic STFT masking engine with weighted overlap-add. Frames start at m·hop − (N − hop), so every
 * input sample is covered by N/hop frames and the identity mask reconstructs the input exactly
 * (up to float rounding) at the edges too. Memory is O(N · ring) besides the output.
 *
 * @param {Float32Array} left
 * @param {Float32Array} right
 * @param {{ fftSize: number, hop: number, lookahead: number, mask: MaskFn,
 *           onProgress?: (fraction: number) => void }} o
 * @returns {{ left: Float32Array, right: Float32Array }} the masked (vocal) estimate
 */
export function stftMask(left, right, o) {
  const N = o.fftSize;
  const H = o.hop;
  if ((N & (N - 1)) !== 0 || N < 16) throw new Error("fftSize must be a power of two ≥ 16");
  if (N % H !== 0) throw new Error("hop must divide fftSize");
  const len = left.length;
  const K = N / 2 + 1;
  const A = o.lookahead;
  const fft = new FFT(N);
  const w = hann(N);
  // Synthesis window normalised by the sum of squared windows (WOLA): Σ_m w²(n − m·H).
  const wss = new Float64Array(H);
  for (let n = 0; n < N; n++) wss[n % H] += w[n] * w[n];
  const ws = new Float64Array(N);
  for (let n = 0; n < N; n++) ws[n] = w[n] / wss[n % H];

  const frames = len === 0 ? 0 : Math.floor((len - 1 + N - H) / H) + 1;
  const start = (/** @type {number} */ m) => m * H - (N - H);

  /** @type {FrameSlot[]} */
  const slots = [];
  for (let i = 0; i < 2 * A + 1; i++) {
    slots.push({
      index: -1,
      L: new Float64Array(2 * K),
      R: new Float64Array(2 * K),
      pLL: new Float64Array(K),
      pRR: new Float64Array(K),
      pLR: new Float64Array(K),
      mag: new Float64Array(K),
    });
  }
  const frameL = new Float64Array(N);
  const frameR = new Float64Array(N);
  const specL = fft.createComplexArray();
  const specR = fft.createComplexArray();
  const z = fft.createComplexArray();
  const zt = fft.createComplexArray();
  const mL = new Float64Array(K);
  const mR = new Float64Array(K);
  const outL = new Float32Array(len);
  const outR = new Float32Array(len);
  /** @type {FrameSlot[]} */
  const view = new Array(2 * A + 1);
  const zero = {
    index: -1,
    L: new Float64Array(2 * K),
    R: new Float64Array(2 * K),
    pLL: new Float64Array(K),
    pRR: new Float64Array(K),
    pLR: new Float64Array(K),
    mag: new Float64Array(K),
  };

  const analyse = (/** @type {number} */ m) => {
    const slot = slots[m % slots.length];
    slot.index = m;
    const s = start(m);
    for (let n = 0; n < N; n++) {
      const i = s + n;
      if (i >= 0 && i < len) {
        frameL[n] = left[i] * w[n];
        frameR[n] = right[i] * w[n];
      } else {
        frameL[n] = 0;
        frameR[n] = 0;
      }
    }
    fft.realTransform(specL, frameL);
    fft.realTransform(specR, frameR);
    const { L, R, pLL, pRR, pLR, mag } = slot;
    for (let k = 0; k < K; k++) {
      const lr = specL[2 * k],
        li = specL[2 * k + 1];
      const rr = specR[2 * k],
        ri = specR[2 * k + 1];
      L[2 * k] = lr;
      L[2 * k + 1] = li;
      R[2 * k] = rr;
      R[2 * k + 1] = ri;
      pLL[k] = lr * lr + li * li;
      pRR[k] = rr * rr + ri * ri;
      pLR[k] = lr * rr + li * ri;
      const mr = 0.5 * (lr + rr),
        mi = 0.5 * (li + ri);
      mag[k] = Math.sqrt(mr * mr + mi * mi);
    }
  };

  const synthesise = (/** @type {number} */ t) => {
    const slot = slots[t % slots.length];
    const { L, R } = slot;
    // Two real inverse transforms in one complex one: z = A + j·B with A = mL·L, B = mR·R
    // (both Hermitian), so ifft(z) = a + j·b.
    for (let k = 0; k < K; k++) {
      const ar = mL[k] * L[2 * k],
        ai = mL[k] * L[2 * k + 1];
      const br = mR[k] * R[2 * k],
        bi = mR[k] * R[2 * k + 1];
      z[2 * k] = ar - bi;
      z[2 * k + 1] = ai + br;
      if (k > 0 && k < K - 1) {
        const j = N - k;
        z[2 * j] = ar + bi;
        z[2 * j + 1] = br - ai;
      }
    }
    fft.inverseTransform(zt, z);
    const s = start(t);
    const n0 = Math.max(0, -s);
    const n1 = Math.min(N, len - s);
    for (let n = n0; n < n1; n++) {
      outL[s + n] += zt[2 * n] * ws[n];
      outR[s + n] += zt[2 * n + 1] * ws[n];
    }
  };

  const progressEvery = Math.max(1, Math.floor(frames / 100));
  for (let m = 0; m < Math.min(A, frames); m++) analyse(m);
  for (let t = 0; t < frames; t++) {
    if (t + A < frames) analyse(t + A);
    for (let d = -A; d <= A; d++) {
      const f = t + d;
      const slot = f >= 0 && f < frames ? slots[f % slots.length] : null;
      view[d + A] = slot && slot.index === f ? slot : zero;
    }
    o.mask(view, mL, mR);
    synthesise(t);
    if (o.onProgress && ((t + 1) % progressEvery === 0 || t === frames - 1)) o.onProgress((t + 1) / frames);
  }
  return { left: outL, right: outR };
}

/**
 * Per-bin gain of the vocal band: 1 in [lo, hi], raised-cosine fade over one octave to `floor`.
 * @param {number} K @param {number} fftSize @param {number} sampleRate
 * @param {number} lo @param {number} hi @param {number} floor
 */
export function bandWeights(K, fftSize, sampleRate, lo, hi, floor) {
  const b = new Float64Array(K);
  for (let k = 0; k < K; k++) {
    const f = (k * sampleRate) / fftSize;
    let g = 1;
    if (f < lo) {
      const x = f <= lo / 2 ? 0 : Math.log2(f / (lo / 2)); // 0 at lo/2 → 1 at lo
      g = 0.5 - 0.5 * Math.cos(Math.PI * x);
    } else if (f > hi) {
      const x = f >= hi * 2 ? 0 : 1 - Math.log2(f / hi); // 1 at hi → 0 at 2·hi
      g = 0.5 - 0.5 * Math.cos(Math.PI * x);
    }
    b[k] = floor + (1 - floor) * g;
  }
  return b;
}

/**
 * Stereo centre/azimuth soft mask (per channel).
 *
 * With smoothed (±smoothFrames × ±smoothBins) statistics S_LL = E|L|², S_RR = E|R|² and
 * S_LR = E Re(L·R*), a centre source C present equally in both channels plus uncorrelated side
 * content gives S_LR ≈ |C|², so S_LR/S_LL and S_LR/S_RR are the Wiener gains of the centre
 * component in each channel. Off-centre but coherent sources (a guitar panned 30 %) also correlate,
 * so the gain is multiplied by an azimuth window on the bin's level balance
 * β = (S_LL − S_RR)/(S_LL + S_RR): 1 / (1 + (β/panWidth)²).
 *
 * @param {SeparationParams} p
 * @param {Float64Array} band per-bin vocal-band weights
 * @returns {MaskFn}
 */
export function centreMask(p, band) {
  const K = band.length;
  const F = p.smoothFrames;
  const B = p.smoothBins;
  const sLL = new Float64Array(K);
  const sRR = new Float64Array(K);
  const sLR = new Float64Array(K);
  const inv2w = 1 / (p.panWidth * p.panWidth);
  const gamma = p.maskExponent;
  return (ring, mL, mR) => {
    const A = (ring.length - 1) / 2;
    sLL.fill(0);
    sRR.fill(0);
    sLR.fill(0);
    for (let d = A - F; d <= A + F; d++) {
      const s = ring[d];
      if (s.index < 0) continue;
      const { pLL, pRR, pLR } = s;
      for (let k = 0; k < K; k++) {
        sLL[k] += pLL[k];
        sRR[k] += pRR[k];
        sLR[k] += pLR[k];
      }
    }
    // Box filter over ±B bins with running sums.
    let aLL = 0,
      aRR = 0,
      aLR = 0;
    for (let k = 0; k < Math.min(B, K); k++) {
      aLL += sLL[k];
      aRR += sRR[k];
      aLR += sLR[k];
    }
    for (let k = 0; k < K; k++) {
      const enter = k + B,
        leave = k - B - 1;
      if (enter < K) {
        aLL += sLL[enter];
        aRR += sRR[enter];
        aLR += sLR[enter];
      }
      if (leave >= 0) {
        aLL -= sLL[leave];
        aRR -= sRR[leave];
        aLR -= sLR[leave];
      }
      const LL = aLL,
        RR = aRR,
        LR = aLR;
      const tot = LL + RR;
      if (!(tot > 1e-20) || LR <= 0) {
        mL[k] = 0;
        mR[k] = 0;
        continue;
      }
      const bal = (LL - RR) / tot;
      const az = 1 / (1 + bal * bal * inv2w);
      let gl = LR / LL,
        gr = LR / RR;
      if (gl > 1) gl = 1;
      if (gr > 1) gr = 1;
      if (gamma !== 1) {
        gl = gl ** gamma;
        gr = gr ** gamma;
      }
      const g = az * band[k];
      mL[k] = gl * g;
      mR[k] = gr * g;
    }
  };
}

/**
 * Median of the first n values of a scratch array (insertion sort; n is small).
 * @param {Float64Array} a @param {number} n
 */
function median(a, n) {
  for (let i = 1; i < n; i++) {
    const v = a[i];
    let j = i - 1;
    while (j >= 0 && a[j] > v) {
      a[j + 1] = a[j];
      j--;
    }
    a[j + 1] = v;
  }
  return a[n >> 1];
}

/**
 * Mono fallback mask. With L ≈ R the azimuth cue carries no information, so the voice is taken to be
 * what is neither sustained nor percussive (the idea behind two-stage HPSS and REPET: a voice
 * glides and vibrates, so it is not explained by a time-median "stable/repeating" model nor by a
 * frequency-median "transient/noise" model): V = max(|X| − max(Hmed, Pmed), 0) and
 * mask = band · V² / (V² + Hmed² + Pmed²). It is weak but yields valid, non-silent stems; the same
 * mask is applied to both channels.
 *
 * @param {SeparationParams} p
 * @param {Float64Array} band
 * @returns {MaskFn}
 */
export function monoMask(p, band) {
  const K = band.length;
  const half = p.monoMedianBins >> 1;
  const scratch = new Float64Array(Math.max(p.monoMedianFrames, p.monoMedianBins));
  const hMed = new Float64Array(K);
  return (ring, mL, mR) => {
    const A = (ring.length - 1) / 2;
    const x = ring[A].mag;
    for (let k = 0; k < K; k++) {
      for (let d = 0; d < ring.length; d++) scratch[d] = ring[d].mag[k];
      hMed[k] = median(scratch, ring.length);
    }
    for (let k = 0; k < K; k++) {
      const lo = Math.max(0, k - half),
        hi = Math.min(K - 1, k + half);
      let n = 0;
      for (let j = lo; j <= hi; j++) scratch[n++] = x[j];
      const P = median(scratch, n);
      const Hm = hMed[k];
      const v = Math.max(x[k] - Math.max(Hm, P), 0);
      const den = v * v + Hm * Hm + P * P;
      const m = den > 1e-20 ? (band[k] * v * v) / den : 0;
      mL[k] = m;
      mR[k] = m;
    }
  };
}

/**
 * Side/mid energy ratio in dB (−Infinity for identical channels).
 * @param {Float32Array} left @param {Float32Array} right
 */
export function sideToMidDb(left, right) {
  let mid = 0,
    side = 0;
  for (let i = 0; i < left.length; i++) {
    const m = left[i] + right[i],
      s = left[i] - right[i];
    mid += m * m;
    side += s * s;
  }
  if (side === 0) return -Infinity;
  if (mid === 0) return Infinity;
  return 10 * Math.log10(side / mid);
}

/**
 * Separates a stereo mixture. Vocals = STFT soft mask; accompaniment = mixture − vocals in the time
 * domain, so the two stems sum back to the mixture.
 *
 * @param {Float32Array} left
 * @param {Float32Array} right
 * @param {number} sampleRate
 * @param {{ params?: Partial<SeparationParams>, onProgress?: (fraction: number) => void,
 *           inPlace?: boolean }} [opts]  inPlace: write the accompaniment into left/right (saves memory).
 */
export function separate(left, right, sampleRate, opts = {}) {
  if (left.length !== right.length) throw new Error("channel lengths differ");
  /** @type {SeparationParams} */
  const p = { ...DEFAULT_PARAMS, ...(opts.params ?? {}) };
  const K = p.fftSize / 2 + 1;
  const band = bandWeights(K, p.fftSize, sampleRate, p.bandLowHz, p.bandHighHz, p.bandFloor);
  const mono = sideToMidDb(left, right) < p.monoThresholdDb;
  if (!ENGINES.includes(p.engine)) throw new Error(`unknown separation engine ${p.engine}`);
  let vocals;
  if (p.engine === "dsp-v2") {
    vocals = separateV2(left, right, sampleRate, p, band, mono, opts.onProgress);
  } else {
    const mask = mono ? monoMask(p, band) : centreMask(p, band);
    const lookahead = mono ? p.monoMedianFrames >> 1 : p.smoothFrames;
    vocals = stftMask(left, right, {
      fftSize: p.fftSize,
      hop: p.hop,
      lookahead,
      mask,
      onProgress: opts.onProgress,
    });
  }
  const accL = opts.inPlace ? left : new Float32Array(left.length);
  const accR = opts.inPlace ? right : new Float32Array(right.length);
  for (let i = 0; i < left.length; i++) {
    accL[i] = left[i] - vocals.left[i];
    accR[i] = right[i] - vocals.right[i];
  }
  return {
    engine: p.engine,
    mode: /** @type {"stereo" | "mono"} */ (mono ? "mono" : "stereo"),
    vocals,
    accompaniment: { left: accL, right: accR },
  };
}
