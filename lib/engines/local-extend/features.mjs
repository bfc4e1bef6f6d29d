// Beat-synchronous features, bar phase and the jump graph of the local extension engine, and
// analyze(): the whole analysis of one mono signal. See README.md in this folder.
import {
  ANALYSIS_DEFAULTS,
  chromagram,
  estimatePeriod,
  normalizeEnvelope,
  refineBeatTimes,
  spectralFrames,
  trackBeats,
} from "./analysis.mjs";

const TIMBRE_COEFS = 12;

/**
 * Means of frame features over each beat [b_k, b_{k+1}) (the last beat spans one median period).
 * @param {Float32Array} frames nFrames × dim
 * @param {number} dim
 * @param {number} frameRate frames per second (frame m centred at m / frameRate)
 * @param {Float64Array} beats seconds
 * @param {number} period seconds
 */
function beatMeans(frames, dim, frameRate, beats, period) {
  const B = beats.length;
  const nFrames = frames.length / dim;
  const out = new Float32Array(B * dim);
  for (let k = 0; k < B; k++) {
    const t0 = beats[k],
      t1 = k + 1 < B ? beats[k + 1] : beats[k] + period;
    let a = Math.max(0, Math.ceil(t0 * frameRate)),
      b = Math.min(nFrames, Math.ceil(t1 * frameRate));
    if (b <= a) {
      a = Math.min(nFrames - 1, Math.round(t0 * frameRate));
      b = a + 1;
    }
    for (let f = a; f < b; f++) for (let d = 0; d < dim; d++) out[k * dim + d] += frames[f * dim + d];
    for (let d = 0; d < dim; d++) out[k * dim + d] /= b - a;
  }
  return out;
}

/** DCT-II of each beat's log-band vector: c0 (loudness) and c1..c12 (spectral shape, MFCC-like). */
function cepstra(/** @type {Float32Array} */ bandMeans, /** @type {number} */ nb, /** @type {number} */ B) {
  const loud = new Float64Array(B);
  const timbre = new Float64Array(B * TIMBRE_COEFS);
  for (let k = 0; k < B; k++) {
    for (let c = 0; c <= TIMBRE_COEFS; c++) {
      let s = 0;
      for (let b = 0; b < nb; b++) s += bandMeans[k * nb + b] * Math.cos((Math.PI * c * (b + 0.5)) / nb);
      if (c === 0) loud[k] = s / nb;
      else timbre[k * TIMBRE_COEFS + c - 1] = s / nb;
    }
  }
  return { loud, timbre };
}

/**
 * Pairwise beat distance D(a,b): chroma cosine distance + squared timbre distance + ½ squared
 * loudness difference, each term divided by its mean over all pairs so none dominates by scale.
 * @returns {Float32Array} B×B
 */
export function beatDistances(
  /** @type {Float32Array} */ chroma,
  /** @type {Float64Array} */ timbre,
  /** @type {Float64Array} */ loud,
  /** @type {number} */ B,
) {
  const cn = new Float64Array(B * 12);
  for (let k = 0; k < B; k++) {
    let s = 0;
    for (let d = 0; d < 12; d++) s += chroma[k * 12 + d] ** 2;
    s = Math.sqrt(s) || 1;
    for (let d = 0; d < 12; d++) cn[k * 12 + d] = chroma[k * 12 + d] / s;
  }
  const dc = new Float32Array(B * B),
    dt = new Float32Array(B * B),
    dl = new Float32Array(B * B);
  let mc = 0,
    mt = 0,
    ml = 0;
  for (let a = 0; a < B; a++) {
    for (let b = a + 1; b < B; b++) {
      let dot = 0,
        tt = 0;
      for (let d = 0; d < 12; d++) dot += cn[a * 12 + d] * cn[b * 12 + d];
      for (let d = 0; d < TIMBRE_COEFS; d++) tt += (timbre[a * TIMBRE_COEFS + d] - timbre[b * TIMBRE_COEFS + d]) ** 2;
      const c = 1 - dot,
        l = (loud[a] - loud[b]) ** 2;
      dc[a * B + b] = c;
      dt[a * B + b] = tt;
      dl[a * B + b] = l;
      mc += c;
      mt += tt;
      ml += l;
    }
  }
  const pairs = Math.max(1, (B * (B - 1)) / 2);
  mc = mc / pairs || 1;
  mt = mt / pairs || 1;
  ml = ml / pairs || 1;
  const D = new Float32Array(B * B);
  for (let a = 0; a < B; a++) {
    for (let b = a + 1; b < B; b++) {
      const v = dc[a * B + b] / mc + dt[a * B + b] / mt + (0.5 * dl[a * B + b]) / ml;
      D[a * B + b] = v;
      D[b * B + a] = v;
    }
  }
  return D;
}

/**
 * Context distance of the jump "play beat j instead of beat i": mean D over the W beats before
 * (what was just heard vs what preceded j) and the W beats from the jump on (what will be heard vs
 * what would have been). Infinity when fewer than W pairs exist.
 */
export function contextDistance(
  /** @type {Float32Array} */ D,
  /** @type {number} */ B,
  /** @type {number} */ i,
  /** @type {number} */ j,
  /** @type {number} */ W,
) {
  let s = 0,
    n = 0;
  for (let d = -W; d < W; d++) {
    const a = i + d,
      b = j + d;
    if (a < 0 || b < 0 || a >= B || b >= B) continue;
    s += D[a * B + b];
    n++;
  }
  return n >= W ? s / n : Infinity;
}

/**
 * For every beat i, the best `k` jump targets j: same bar phase ((i − j) mod beatsPerBar = 0), at
 * least `minDistance` beats away, landing with room to play `minRun` beats.
 * Also returns the median context distance of all such pairs, the scale of "similar".
 */
export function jumpCandidates(
  /** @type {Float32Array} */ D,
  /** @type {number} */ B,
  /** @type {{ beatsPerBar: number, contextBeats: number, k?: number, minDistance?: number, minRun?: number }} */ o,
) {
  const k = o.k ?? 10,
    minDistance = o.minDistance ?? 2 * o.beatsPerBar,
    minRun = o.minRun ?? 2 * o.beatsPerBar;
  /** @type {{ j: number, d: number }[][]} */ const edges = [];
  /** @type {number[]} */ const all = [];
  for (let i = 0; i < B; i++) {
    /** @type {{ j: number, d: number }[]} */ const list = [];
    for (let j = i % o.beatsPerBar; j + minRun < B; j += o.beatsPerBar) {
      if (Math.abs(i - j) < minDistance) continue;
      const d = contextDistance(D, B, i, j, o.contextBeats);
      if (!Number.isFinite(d)) continue;
      if (j > i) all.push(d); // each unordered pair once
      list.push({ j, d });
    }
    list.sort((x, y) => x.d - y.d || x.j - y.j);
    edges.push(list.slice(0, k));
  }
  all.sort((x, y) => x - y);
  const median = all.length ? all[Math.floor(all.length / 2)] : 1;
  return { edges, median };
}

/**
 * Bar phase for a fixed meter: the residue p (mod beatsPerBar) whose beats carry the most
 * low-band onset (kick) plus harmonic change (chords tend to change on the downbeat).
 */
export function barPhase(
  /** @type {Float64Array} */ lowAtBeat,
  /** @type {Float32Array} */ chroma,
  /** @type {number} */ B,
  /** @type {number} */ beatsPerBar,
) {
  const nov = new Float64Array(B);
  for (let k = 1; k < B; k++) {
    let dot = 0,
      na = 0,
      nb = 0;
    for (let d = 0; d < 12; d++) {
      const a = chroma[(k - 1) * 12 + d],
        b = chroma[k * 12 + d];
      dot += a * b;
      na += a * a;
      nb += b * b;
    }
    nov[k] = 1 - dot / (Math.sqrt(na * nb) || 1);
  }
  const mean = (/** @type {Float64Array} */ v) =>
    v.reduce((s, x) => s + Math.max(0, x), 0) / Math.max(1, v.length) || 1;
  const ml = mean(lowAtBeat),
    mn = mean(nov);
  let best = 0,
    bestScore = -Infinity;
  for (let p = 0; p < beatsPerBar; p++) {
    let s = 0,
      n = 0;
    for (let k = p; k < B; k += beatsPerBar) {
      s += Math.max(0, lowAtBeat[k]) / ml + nov[k] / mn;
      n++;
    }
    const score = n ? s / n : -Infinity;
    if (score > bestScore) {
      bestScore = score;
      best = p;
    }
  }
  return best;
}

/**
 * Whole analysis of a mono signal.
 * @param {Float32Array} x
 * @param {number} sr
 * @param {{ params?: Partial<import("./analysis.d.mts").AnalysisParams>, onProgress?: (f: number) => void, withGraph?: boolean }} [opts]
 * @returns {import("./analysis.d.mts").Analysis}
 */
export function analyze(x, sr, opts = {}) {
  const p = { ...ANALYSIS_DEFAULTS, ...opts.params };
  const prog = opts.onProgress ?? (() => {});
  const sf = spectralFrames(x, sr, p, (f) => prog(0.5 * f));
  const half = Math.round(0.4 * sf.frameRate);
  const env = normalizeEnvelope(sf.flux, half);
  const Pframes = estimatePeriod(env, sf.frameRate, p);
  const tb = trackBeats(env, Pframes, p.tightness);
  prog(0.6);
  const beats = refineBeatTimes(tb.frames, tb.localScore, sf.frameRate);
  const B = beats.length;
  const ibis = [];
  for (let k = 1; k < B; k++) ibis.push(beats[k] - beats[k - 1]);
  ibis.sort((a, b) => a - b);
  const period = ibis.length ? ibis[Math.floor(ibis.length / 2)] : Pframes / sf.frameRate;
  const tempoBpm = 60 / period;
  const duration = x.length / sr;
  if (B < 2 * p.beatsPerBar) {
    return {
      sampleRate: sr,
      duration,
      tempoBpm,
      period,
      beats,
      phase: 0,
      chroma: new Float32Array(B * 12),
      edges: [],
      medianDistance: 1,
    };
  }
  const ch = chromagram(x, sr);
  prog(0.75);
  const chroma = beatMeans(ch.chroma, 12, ch.frameRate, beats, period);
  const bands = beatMeans(sf.logBands, p.bands, sf.frameRate, beats, period);
  const { loud, timbre } = cepstra(bands, p.bands, B);
  const lowEnv = normalizeEnvelope(sf.lowFlux, half);
  const lowAtBeat = new Float64Array(B);
  for (let k = 0; k < B; k++) {
    const f = Math.round(beats[k] * sf.frameRate);
    let m = -Infinity;
    for (let d = -2; d <= 2; d++) if (f + d >= 0 && f + d < lowEnv.length) m = Math.max(m, lowEnv[f + d]);
    lowAtBeat[k] = m;
  }
  const phase = barPhase(lowAtBeat, chroma, B, p.beatsPerBar);
  if (opts.withGraph === false) {
    return { sampleRate: sr, duration, tempoBpm, period, beats, phase, chroma, edges: [], medianDistance: 1 };
  }
  const D = beatDistances(chroma, timbre, loud, B);
  prog(0.85);
  const { edges, median } = jumpCandidates(D, B, { beatsPerBar: p.beatsPerBar, contextBeats: p.contextBeats });
  prog(1);
  return { sampleRate: sr, duration, tempoBpm, period, beats, phase, chroma, edges, medianDistance: median };
}
