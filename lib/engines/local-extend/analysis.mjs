// Beat analysis of the local extension engine: onset envelope → tempo → dynamic-programming beat
// tracker (Ellis 2007, "Beat tracking by dynamic programming", JNMR 36(1)) → bar phase →
// beat-synchronous chroma + timbre features → beat self-similarity. Plain JS + JSDoc so the worker
// thread loads it without a TypeScript loader; types for TS callers live in analysis.d.mts.
import FFT from "fft.js";

/** @type {Readonly<import("./analysis.d.mts").AnalysisParams>} */
export const ANALYSIS_DEFAULTS = Object.freeze({
  fftSize: 1024,
  hop: 512,
  bands: 40,
  minBpm: 50,
  maxBpm: 220,
  priorBpm: 120,
  priorOctaves: 1,
  tightness: 100,
  beatsPerBar: 4,
  contextBeats: 4,
});

/** @param {number} n */
function hann(n) {
  const w = new Float64Array(n);
  for (let i = 0; i < n; i++) w[i] = 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / n);
  return w;
}

/**
 * Log-band energies (dB, 40 log-spaced bands 30 Hz–16 kHz) on centred frames (frame m is centred
 * on sample m·hop), plus the full-band and low-band (< 150 Hz) spectral-flux onset envelopes.
 * @param {Float32Array} x mono
 * @param {number} sr
 * @param {import("./analysis.d.mts").AnalysisParams} p
 * @param {(f: number) => void} [onProgress]
 */
export function spectralFrames(x, sr, p, onProgress) {
  const N = p.fftSize,
    H = p.hop,
    nb = p.bands;
  const nFrames = Math.floor(x.length / H) + 1;
  const K = N / 2 + 1;
  const fmin = 30,
    fmax = Math.min(16000, sr / 2);
  const edges = new Float64Array(nb + 1);
  for (let b = 0; b <= nb; b++) edges[b] = fmin * (fmax / fmin) ** (b / nb);
  // Every band gets at least its centre bin, so low bands are never empty at coarse resolution.
  /** @type {number[][]} */ const bandBins = [];
  for (let b = 0; b < nb; b++) {
    const lo = Math.ceil((edges[b] * N) / sr),
      hi = Math.ceil((edges[b + 1] * N) / sr);
    const bins = [];
    for (let k = lo; k < hi && k < K; k++) bins.push(k);
    if (bins.length === 0) bins.push(Math.min(K - 1, Math.round((Math.sqrt(edges[b] * edges[b + 1]) * N) / sr)));
    bandBins.push(bins);
  }
  let lowBands = 0;
  while (lowBands < nb && edges[lowBands + 1] <= 150) lowBands++;
  lowBands = Math.max(1, lowBands);

  const fft = new FFT(N);
  const w = hann(N);
  const frame = new Float64Array(N);
  const spec = fft.createComplexArray();
  const pow = new Float64Array(K);
  const logBands = new Float32Array(nFrames * nb);
  let maxDb = -Infinity;
  for (let m = 0; m < nFrames; m++) {
    const s = m * H - N / 2;
    for (let n = 0; n < N; n++) {
      const i = s + n;
      frame[n] = i >= 0 && i < x.length ? x[i] * w[n] : 0;
    }
    fft.realTransform(spec, frame);
    for (let k = 0; k < K; k++) pow[k] = spec[2 * k] * spec[2 * k] + spec[2 * k + 1] * spec[2 * k + 1];
    for (let b = 0; b < nb; b++) {
      const bins = bandBins[b];
      let e = 0;
      for (let q = 0; q < bins.length; q++) e += pow[bins[q]];
      const db = 10 * Math.log10(e / bins.length + 1e-12);
      logBands[m * nb + b] = db;
      if (db > maxDb) maxDb = db;
    }
    if (onProgress && (m & 2047) === 0) onProgress(m / nFrames);
  }
  // An 80 dB floor keeps silence and dither from producing flux.
  const floor = maxDb - 80;
  for (let i = 0; i < logBands.length; i++) if (logBands[i] < floor) logBands[i] = floor;
  const flux = new Float64Array(nFrames);
  const lowFlux = new Float64Array(nFrames);
  for (let m = 1; m < nFrames; m++) {
    let f = 0,
      fl = 0;
    for (let b = 0; b < nb; b++) {
      const d = logBands[m * nb + b] - logBands[(m - 1) * nb + b];
      if (d > 0) {
        f += d;
        if (b < lowBands) fl += d;
      }
    }
    flux[m] = f / nb;
    lowFlux[m] = fl / lowBands;
  }
  return { logBands, nFrames, flux, lowFlux, frameRate: sr / H };
}

/**
 * Removes the slow trend (moving average over ±`half` frames, ≈ a 0.4 Hz high-pass as in Ellis)
 * and scales to unit standard deviation.
 * @param {Float64Array} v
 * @param {number} half
 */
export function normalizeEnvelope(v, half) {
  const n = v.length;
  const out = new Float64Array(n);
  const cs = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) cs[i + 1] = cs[i] + v[i];
  for (let i = 0; i < n; i++) {
    const a = Math.max(0, i - half),
      b = Math.min(n, i + half + 1);
    out[i] = v[i] - (cs[b] - cs[a]) / (b - a);
  }
  let ss = 0;
  for (let i = 0; i < n; i++) ss += out[i] * out[i];
  const sd = Math.sqrt(ss / Math.max(1, n - 1)) || 1;
  for (let i = 0; i < n; i++) out[i] /= sd;
  return out;
}

/**
 * Global tempo: autocorrelation of the onset envelope weighted by a log-Gaussian prior around
 * `priorBpm` (σ in octaves), peak refined by parabolic interpolation.
 * @returns {number} beat period in frames (fractional)
 */
export function estimatePeriod(
  /** @type {Float64Array} */ env,
  /** @type {number} */ frameRate,
  /** @type {import("./analysis.d.mts").AnalysisParams} */ p,
) {
  const lagMin = Math.max(2, Math.floor((60 / p.maxBpm) * frameRate));
  const lagMax = Math.min(env.length - 2, Math.ceil((60 / p.minBpm) * frameRate));
  if (lagMax <= lagMin + 2) return (60 / p.priorBpm) * frameRate;
  const lag0 = (60 / p.priorBpm) * frameRate;
  const score = new Float64Array(lagMax + 2);
  const acf = new Float64Array(lagMax + 2);
  const n = env.length;
  for (let l = lagMin - 1; l <= lagMax + 1; l++) {
    let s = 0;
    for (let i = 0; i + l < n; i++) s += env[i] * env[i + l];
    acf[l] = s / (n - l);
  }
  let best = lagMin;
  for (let l = lagMin; l <= lagMax; l++) {
    const z = Math.log2(l / lag0) / p.priorOctaves;
    score[l] = acf[l] * Math.exp(-0.5 * z * z);
    if (score[l] > score[best]) best = l;
  }
  // Parabolic refinement on the raw ACF (the prior is nearly flat across one lag).
  const a = acf[best - 1],
    b = acf[best],
    c = acf[best + 1];
  const den = a - 2 * b + c;
  const delta = den < 0 ? Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den)) : 0;
  return best + delta;
}

/**
 * Ellis' dynamic-programming beat tracker: C(t) = O(t) + max_τ [C(τ) − α·log²((t−τ)/P)], τ in
 * [t − 2P, t − P/2], then backtrace from the last strong local maximum of C.
 * @param {Float64Array} env normalised onset envelope
 * @param {number} P beat period (frames)
 * @param {number} tightness α
 * @returns {{ frames: number[], localScore: Float64Array }}
 */
export function trackBeats(env, P, tightness) {
  const n = env.length;
  // Local score: the envelope smoothed by a Gaussian of σ = P/32 (librosa's choice as well).
  const R = Math.max(1, Math.round(P));
  const g = new Float64Array(2 * R + 1);
  for (let k = -R; k <= R; k++) g[k + R] = Math.exp(-0.5 * ((k * 32) / P) ** 2);
  const local = new Float64Array(n);
  for (let t = 0; t < n; t++) {
    let s = 0;
    for (let k = -R; k <= R; k++) {
      const i = t + k;
      if (i >= 0 && i < n) s += g[k + R] * env[i];
    }
    local[t] = s;
  }
  const dMin = Math.max(1, Math.round(P / 2)),
    dMax = Math.max(dMin + 1, Math.round(2 * P));
  const cost = new Float64Array(dMax + 1);
  for (let d = dMin; d <= dMax; d++) cost[d] = -tightness * Math.log(d / P) ** 2;
  const C = new Float64Array(n);
  const back = new Int32Array(n).fill(-1);
  for (let t = 0; t < n; t++) {
    let best = -Infinity,
      arg = -1;
    const lo = Math.max(0, t - dMax),
      hi = t - dMin;
    for (let tau = lo; tau <= hi; tau++) {
      const v = C[tau] + cost[t - tau];
      if (v > best) {
        best = v;
        arg = tau;
      }
    }
    // Starting a new chain beats linking to a worse-than-nothing past.
    if (arg >= 0 && best > 0) {
      C[t] = local[t] + best;
      back[t] = arg;
    } else C[t] = local[t];
  }
  /** @type {number[]} */ const maxima = [];
  for (let t = 1; t < n - 1; t++) if (C[t] > C[t - 1] && C[t] >= C[t + 1]) maxima.push(t);
  if (maxima.length === 0) return { frames: [], localScore: local };
  const vals = maxima.map((t) => C[t]).sort((x, y) => x - y);
  const med = vals[Math.floor(vals.length / 2)];
  let last = maxima[maxima.length - 1];
  for (let k = maxima.length - 1; k >= 0; k--)
    if (C[maxima[k]] > 0.5 * med) {
      last = maxima[k];
      break;
    }
  /** @type {number[]} */ const frames = [];
  for (let t = last; t >= 0; t = back[t]) frames.push(t);
  frames.reverse();
  // Trim weak beats at both ends (silence before/after the music).
  let rms = 0;
  for (const f of frames) rms += Math.max(0, local[f]) ** 2;
  const thr = 0.5 * Math.sqrt(rms / Math.max(1, frames.length));
  let a = 0,
    b = frames.length;
  while (a < b && local[frames[a]] < thr) a++;
  while (b > a && local[frames[b - 1]] < thr) b--;
  return { frames: frames.slice(a, b), localScore: local };
}

/**
 * Sub-frame beat times (s): each beat moves to the parabolic peak of the local score within ±2
 * frames, so the grid is not quantised to the 5.8 ms hop.
 */
export function refineBeatTimes(
  /** @type {number[]} */ frames,
  /** @type {Float64Array} */ local,
  /** @type {number} */ frameRate,
) {
  const out = new Float64Array(frames.length);
  for (let k = 0; k < frames.length; k++) {
    let m = frames[k];
    for (let d = -2; d <= 2; d++) {
      const i = frames[k] + d;
      if (i > 0 && i < local.length - 1 && local[i] > local[m]) m = i;
    }
    let delta = 0;
    if (m > 0 && m < local.length - 1) {
      const a = local[m - 1],
        b = local[m],
        c = local[m + 1];
      const den = a - 2 * b + c;
      if (den < 0) delta = Math.max(-0.5, Math.min(0.5, (0.5 * (a - c)) / den));
    }
    out[k] = (m + delta) / frameRate;
  }
  return out;
}

/**
 * 12-bin chroma on a 4× decimated signal (11.025 kHz, 2048-point frames, 46 ms hop): semitones
 * are resolved from ~90 Hz up, which a 1024-point frame at 44.1 kHz cannot do.
 * @returns {{ chroma: Float32Array, nFrames: number, frameRate: number }}
 */
export function chromagram(/** @type {Float32Array} */ x, /** @type {number} */ sr) {
  const D = 4,
    taps = 63,
    half = (taps - 1) / 2;
  const fc = 0.9 / (2 * D); // cutoff as a fraction of sr: 0.9 × the new Nyquist
  const h = new Float64Array(taps);
  let hs = 0;
  for (let k = 0; k < taps; k++) {
    const t = k - half;
    const sinc = t === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * t) / (Math.PI * t);
    h[k] = sinc * (0.5 - 0.5 * Math.cos((2 * Math.PI * (k + 0.5)) / taps));
    hs += h[k];
  }
  for (let k = 0; k < taps; k++) h[k] /= hs;
  const m = Math.floor(x.length / D);
  const y = new Float64Array(m);
  for (let i = 0; i < m; i++) {
    let s = 0;
    const c = i * D - half;
    if (c >= 0 && c + taps <= x.length) {
      for (let k = 0; k < taps; k++) s += h[k] * x[c + k];
    } else {
      for (let k = 0; k < taps; k++) {
        const j = c + k;
        if (j >= 0 && j < x.length) s += h[k] * x[j];
      }
    }
    y[i] = s;
  }
  const sr2 = sr / D,
    N = 2048,
    H = 512,
    K = N / 2 + 1;
  const nFrames = Math.floor(m / H) + 1;
  const pcOfBin = new Int8Array(K).fill(-1);
  for (let k = 1; k < K; k++) {
    const f = (k * sr2) / N;
    if (f < 55 || f > 5000) continue;
    const pitch = 69 + 12 * Math.log2(f / 440);
    pcOfBin[k] = ((Math.round(pitch) % 12) + 12) % 12;
  }
  const fft = new FFT(N);
  const w = hann(N);
  const frame = new Float64Array(N);
  const spec = fft.createComplexArray();
  const chroma = new Float32Array(nFrames * 12);
  for (let f = 0; f < nFrames; f++) {
    const s = f * H - N / 2;
    for (let n = 0; n < N; n++) {
      const i = s + n;
      frame[n] = i >= 0 && i < m ? y[i] * w[n] : 0;
    }
    fft.realTransform(spec, frame);
    for (let k = 1; k < K; k++) {
      const pc = pcOfBin[k];
      if (pc < 0) continue;
      chroma[f * 12 + pc] += Math.sqrt(spec[2 * k] * spec[2 * k] + spec[2 * k + 1] * spec[2 * k + 1]);
    }
  }
  return { chroma, nFrames, frameRate: sr2 / H };
}
