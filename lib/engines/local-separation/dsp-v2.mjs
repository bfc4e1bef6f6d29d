// DSP v2 of the local vocal/accompaniment separation: several weak cues, each estimating how much
// of a time-frequency bin belongs to the accompaniment, combined into one soft mask.
//   - percussive: median of the spectrum across frequency (Fitzgerald's HPSS, percussive half);
//     drums are broadband, a voice's harmonics are narrow, so the median sees drums, not voice.
//   - repeating: REPET-SIM (Rafii & Pardo 2012). Each frame's repeating model is the per-bin median
//     of its k most similar frames (cosine similarity of a downsampled magnitude spectrogram, ≥ a
//     minimum distance apart); a band loops, a lead vocal does not.
//   - low-frequency prior: the vocal band weight of v1 (bass and kick below ~120 Hz out).
//   - stereo: v1's centre/azimuth Wiener gain (off-centre sources out); skipped for mono input.
//   - steady partial: phase-advance coherence of each bin over ~0.35 s (held notes out, wherever
//     they are panned); applied last.
//   - reverb tail: a decaying model of the vocal's late reverb, added back to the vocals.
// Each cue gives a vocal fraction in [0, 1]; their product is a soft-OR of "accompaniment" claims,
// optionally sharpened Wiener-style (v^p / (v^p + (1−v)^p)). Accompaniment = mixture − vocals.
//
// Two passes: pass 1 stores the mid magnitude spectrogram (Float32, frames × bins) and the
// downsampled features; the similarity search runs on the features; pass 2 recomputes the STFT and
// applies the mask. Plain JS (see dsp.mjs) so the worker thread needs no loader.
import { stftMask } from "./dsp.mjs";

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
  return n % 2 ? a[n >> 1] : 0.5 * (a[(n >> 1) - 1] + a[n >> 1]);
}

/**
 * Sliding median across frequency (window `w` bins, odd), O(K·w) with a sorted window.
 * @param {Float32Array | Float64Array} x @param {number} w @param {Float64Array} out
 * @param {Float64Array} win scratch of length ≥ w
 */
export function frequencyMedian(x, w, out, win) {
  const K = out.length;
  const h = w >> 1;
  let n = 0;
  const insert = (/** @type {number} */ v) => {
    let j = n - 1;
    while (j >= 0 && win[j] > v) {
      win[j + 1] = win[j];
      j--;
    }
    win[j + 1] = v;
    n++;
  };
  const remove = (/** @type {number} */ v) => {
    let j = 0;
    while (j < n - 1 && win[j] !== v) j++;
    for (; j < n - 1; j++) win[j] = win[j + 1];
    n--;
  };
  for (let k = 0; k < Math.min(h, K); k++) insert(x[k]);
  for (let k = 0; k < K; k++) {
    if (k + h < K) insert(x[k + h]);
    if (k - h - 1 >= 0) remove(x[k - h - 1]);
    out[k] = n % 2 ? win[n >> 1] : 0.5 * (win[(n >> 1) - 1] + win[n >> 1]);
  }
}

/**
 * Per-bin running medians along time over a window of w frames (odd) of a frames × K spectrogram,
 * advanced one frame at a time (sorted window per bin; O(K·w) per frame, memory K·w).
 * @param {Float32Array} mag @param {number} frames @param {number} K @param {number} w
 */
export function timeMedian(mag, frames, K, w) {
  const h = w >> 1;
  const win = new Float64Array(K * w);
  const cnt = new Int32Array(K);
  const insert = (/** @type {number} */ k, /** @type {number} */ v) => {
    const o = k * w;
    let j = cnt[k] - 1;
    while (j >= 0 && win[o + j] > v) {
      win[o + j + 1] = win[o + j];
      j--;
    }
    win[o + j + 1] = v;
    cnt[k]++;
  };
  const remove = (/** @type {number} */ k, /** @type {number} */ v) => {
    const o = k * w;
    const n = cnt[k];
    let j = 0;
    while (j < n - 1 && win[o + j] !== v) j++;
    for (; j < n - 1; j++) win[o + j] = win[o + j + 1];
    cnt[k]--;
  };
  for (let t = 0; t < Math.min(h, frames); t++) for (let k = 0; k < K; k++) insert(k, mag[t * K + k]);
  let next = 0;
  /** Medians of frame `t` into out; frames must be asked for in order 0, 1, 2, … */
  return (/** @type {number} */ t, /** @type {Float64Array} */ out) => {
    if (t !== next) throw new Error("timeMedian: frames out of order");
    next++;
    const add = t + h;
    const drop = t - h - 1;
    for (let k = 0; k < K; k++) {
      // Remove first: the window of a bin holds at most w values.
      if (drop >= 0) remove(k, mag[drop * K + k]);
      if (add < frames) insert(k, mag[add * K + k]);
      const n = cnt[k];
      const o = k * w;
      out[k] = n % 2 ? win[o + (n >> 1)] : 0.5 * (win[o + (n >> 1) - 1] + win[o + (n >> 1)]);
    }
  };
}

/**
 * Partial-stability cue, computed on the fly during pass 1. For each bin, q_t = Z_t·conj(Z_{t−lag})
 * (Z = mid spectrum; lag = fftSize/hop, so the two frames do not overlap and the phases of noise
 * are independent) has the bin's phase advance as its angle: constant for a steady partial (a
 * held string, clarinet or pad note), wandering for a voice (its pitch and formants move every
 * syllable) and random for noise and reverb tails. The coherence C = |Σ q|² / (w·Σ |q|²) over a
 * centred window of w frames is 1 only for a partial that is steady in phase advance and level over
 * the whole window; a vowel filling a fraction f of it gives at most f, noise ≈ 1/w. Stored per bin
 * as s = clamp((C − floor)/(1 − floor), 0, 1) in a Uint8Array (frames × K bytes, a quarter of the
 * magnitude spectrogram).
 * @param {number} frames @param {number} K @param {number} w odd @param {number} floor
 * @param {number} lag frames between the two spectra of q
 */
export function phaseStability(frames, K, w, floor, lag) {
  const h = w >> 1;
  const out = new Uint8Array(frames * K);
  const qr = new Float64Array(w * K);
  const qi = new Float64Array(w * K);
  const qa = new Float64Array(w * K);
  const sr = new Float64Array(K);
  const si = new Float64Array(K);
  const sa = new Float64Array(K);
  const prev = new Float64Array(2 * K * lag);
  const scale = 255 / (1 - floor);
  /** Drops frame t − w from the sums and writes the window centred at t − h. */
  const slide = (/** @type {number} */ t) => {
    const o = (t % w) * K;
    for (let k = 0; k < K; k++) {
      sr[k] -= qr[o + k];
      si[k] -= qi[o + k];
      sa[k] -= qa[o + k];
      qr[o + k] = 0;
      qi[o + k] = 0;
      qa[o + k] = 0;
    }
    return o;
  };
  const emit = (/** @type {number} */ c) => {
    if (c < 0 || c >= frames) return;
    const oc = c * K;
    for (let k = 0; k < K; k++) {
      const a = sa[k];
      if (!(a > 1e-30)) continue;
      const v = ((sr[k] * sr[k] + si[k] * si[k]) / (w * a) - floor) * scale;
      out[oc + k] = v <= 0 ? 0 : v >= 255 ? 255 : Math.round(v);
    }
  };
  return {
    out,
    /** Frame t's mid spectrum (interleaved re/im); frames in order 0, 1, 2, … */
    push(/** @type {number} */ t, /** @type {Float64Array} */ z) {
      const o = slide(t);
      const po = 2 * K * (t % lag);
      if (t >= lag)
        for (let k = 0; k < K; k++) {
          const ar = z[2 * k],
            ai = z[2 * k + 1],
            br = prev[po + 2 * k],
            bi = prev[po + 2 * k + 1];
          const re = ar * br + ai * bi;
          const im = ai * br - ar * bi;
          const a = re * re + im * im;
          qr[o + k] = re;
          qi[o + k] = im;
          qa[o + k] = a;
          sr[k] += re;
          si[k] += im;
          sa[k] += a;
        }
      prev.set(z.subarray(0, 2 * K), po);
      emit(t - h);
    },
    /** Completes the last h frames (windows cut at the end). */
    finish() {
      for (let t = frames; t < frames + h; t++) {
        slide(t);
        emit(t - h);
      }
    },
  };
}

/**
 * Log-spaced band edges (bins) from loHz to hiHz for the similarity features.
 * @param {number} bands @param {number} fftSize @param {number} sampleRate @param {number} loHz @param {number} hiHz
 */
function bandEdges(bands, fftSize, sampleRate, loHz, hiHz) {
  const K = fftSize / 2 + 1;
  const edges = new Int32Array(bands + 1);
  for (let b = 0; b <= bands; b++) {
    const f = loHz * (hiHz / loHz) ** (b / bands);
    edges[b] = Math.min(K - 1, Math.max(1, Math.round((f * fftSize) / sampleRate)));
  }
  for (let b = 1; b <= bands; b++) if (edges[b] <= edges[b - 1]) edges[b] = edges[b - 1] + 1;
  return edges;
}

/**
 * REPET-SIM neighbour search: for each (pooled) frame, the indices of its k most similar frames
 * (cosine similarity > 0, at least minDist frames apart; within maxDist frames if maxDist > 0).
 * @param {Float32Array} feat frames × d, rows L2-normalised
 * @param {number} T @param {number} d @param {number} k @param {number} minDist @param {number} maxDist
 * @returns {Int32Array} T × k, −1 where fewer than k frames qualify
 */
export function similarNeighbours(feat, T, d, k, minDist, maxDist) {
  const idx = new Int32Array(T * k).fill(-1);
  const sim = new Float64Array(T * k).fill(-Infinity);
  const push = (/** @type {number} */ u, /** @type {number} */ v, /** @type {number} */ s) => {
    const o = u * k;
    if (!(s > sim[o + k - 1])) return;
    let j = k - 1;
    while (j > 0 && sim[o + j - 1] < s) {
      sim[o + j] = sim[o + j - 1];
      idx[o + j] = idx[o + j - 1];
      j--;
    }
    sim[o + j] = s;
    idx[o + j] = v;
  };
  for (let u = 0; u < T; u++) {
    const vEnd = maxDist > 0 ? Math.min(T, u + maxDist + 1) : T;
    for (let v = u + minDist; v < vEnd; v++) {
      let s = 0;
      const a = u * d,
        b = v * d;
      for (let i = 0; i < d; i++) s += feat[a + i] * feat[b + i];
      if (s > 0) {
        push(u, v, s);
        push(v, u, s);
      }
    }
  }
  return idx;
}

/**
 * Stereo cue: v1's azimuth window on the smoothed level balance β = (S_LL − S_RR)/(S_LL + S_RR),
 * 1/(1 + (β/panWidth)²), times the centre Wiener gain min(1, S_LR/S_LL)^coherence. With coherence
 * 0 only panning counts, so a centred voice's decorrelated reverb (balanced, incoherent) stays with
 * the voice; with 1 it is v1's centre mask.
 * @param {import("./dsp.mjs").SeparationParams} p @param {number} K
 * @returns {import("./dsp.mjs").MaskFn}
 */
export function stereoCue(p, K) {
  const F = p.smoothFrames;
  const B = p.smoothBins;
  const sLL = new Float64Array(K);
  const sRR = new Float64Array(K);
  const sLR = new Float64Array(K);
  const inv2w = 1 / (p.panWidth * p.panWidth);
  const coh = p.stereoCoherence;
  return (ring, mL, mR) => {
    const A = (ring.length - 1) / 2;
    sLL.fill(0);
    sRR.fill(0);
    sLR.fill(0);
    for (let d = A - F; d <= A + F; d++) {
      const s = ring[d];
      if (s.index < 0) continue;
      for (let k = 0; k < K; k++) {
        sLL[k] += s.pLL[k];
        sRR[k] += s.pRR[k];
        sLR[k] += s.pLR[k];
      }
    }
    let aLL = 0,
      aRR = 0,
      aLR = 0;
    for (let k = 0; k < Math.min(B, K); k++) {
      aLL += sLL[k];
      aRR += sRR[k];
      aLR += sLR[k];
    }
    for (let k = 0; k < K; k++) {
      if (k + B < K) {
        aLL += sLL[k + B];
        aRR += sRR[k + B];
        aLR += sLR[k + B];
      }
      if (k - B - 1 >= 0) {
        aLL -= sLL[k - B - 1];
        aRR -= sRR[k - B - 1];
        aLR -= sLR[k - B - 1];
      }
      const tot = aLL + aRR;
      if (!(tot > 1e-20)) {
        mL[k] = 0;
        mR[k] = 0;
        continue;
      }
      const bal = (aLL - aRR) / tot;
      const az = 1 / (1 + bal * bal * inv2w);
      if (coh === 0) {
        mL[k] = az;
        mR[k] = az;
        continue;
      }
      const lr = Math.max(0, aLR);
      mL[k] = az * Math.min(1, lr / aLL) ** coh;
      mR[k] = az * Math.min(1, lr / aRR) ** coh;
    }
  };
}

/**
 * @param {Float32Array} left @param {Float32Array} right @param {number} sampleRate
 * @param {import("./dsp.mjs").SeparationParams} p
 * @param {Float64Array} band vocal-band weights (low-frequency prior)
 * @param {boolean} mono
 * @param {(f: number) => void} [onProgress]
 * @returns {{ left: Float32Array, right: Float32Array }} the vocal estimate
 */
export function separateV2(left, right, sampleRate, p, band, mono, onProgress) {
  const N = p.fftSize;
  const K = N / 2 + 1;
  const len = left.length;
  const frames = len === 0 ? 0 : Math.floor((len - 1 + N - p.hop) / p.hop) + 1;
  const P1 = 0.35; // progress share of pass 1 + search
  // ---- pass 1: mid magnitude spectrogram + pooled band features ----
  const mag = new Float32Array(frames * K);
  const pool = Math.max(1, p.repPool);
  const T = Math.ceil(frames / pool);
  const d = p.repBands;
  const edges = bandEdges(d, N, sampleRate, 80, Math.min(10000, sampleRate / 2 - 1));
  const feat = new Float32Array(T * d);
  const stab = p.stabWeight > 0 ? phaseStability(frames, K, p.stabFrames, p.stabFloor, N / p.hop) : null;
  const zMid = new Float64Array(2 * K);
  stftMask(left, right, {
    fftSize: N,
    hop: p.hop,
    lookahead: 0,
    mask: (ring, mL, mR) => {
      const s = ring[0];
      const t = s.index;
      const o = t * K;
      for (let k = 0; k < K; k++) mag[o + k] = 0.5 * (Math.sqrt(s.pLL[k]) + Math.sqrt(s.pRR[k]));
      if (stab) {
        for (let i = 0; i < 2 * K; i++) zMid[i] = s.L[i] + s.R[i];
        stab.push(t, zMid);
      }
      const fo = Math.floor(t / pool) * d;
      for (let b = 0; b < d; b++) {
        let e = 0;
        for (let k = edges[b]; k < edges[b + 1]; k++) e += mag[o + k];
        feat[fo + b] += e / (edges[b + 1] - edges[b]);
      }
      mL.fill(0);
      mR.fill(0);
    },
    onProgress: onProgress && ((f) => onProgress(0.25 * f)),
  });
  stab?.finish();
  const stabMap = stab?.out;
  // Compress (cube root ≈ loudness) and L2-normalise the features for cosine similarity.
  for (let u = 0; u < T; u++) {
    let e = 0;
    for (let b = 0; b < d; b++) {
      const v = Math.cbrt(feat[u * d + b]);
      feat[u * d + b] = v;
      e += v * v;
    }
    const s = e > 0 ? 1 / Math.sqrt(e) : 0;
    for (let b = 0; b < d; b++) feat[u * d + b] *= s;
  }
  const fps = sampleRate / p.hop / pool;
  const kNb = p.repNeighbours;
  const nb = similarNeighbours(
    feat,
    T,
    d,
    kNb,
    Math.max(1, Math.round(p.repMinDistSec * fps)),
    p.repMaxDistSec > 0 ? Math.round(p.repMaxDistSec * fps) : 0,
  );
  onProgress?.(P1);

  // ---- pass 2: mask ----
  const stereo = mono ? null : stereoCue(p, K);
  const X = new Float64Array(K);
  const Pm = new Float64Array(K);
  const Rm = new Float64Array(K);
  const win = new Float64Array(Math.max(p.percBins, kNb) + 1);
  const scratch = new Float64Array(kNb);
  const sL = new Float64Array(K);
  const sR = new Float64Array(K);
  const sharpen = p.sharpen;
  const needH = p.percMode === 1 || p.sustainWeight > 0;
  const Hm = new Float64Array(K);
  const hMed = needH ? timeMedian(mag, frames, K, p.harmFrames) : null;
  // Reverb tail of the vocal: late reverberation is the past direct sound decaying exponentially
  // (Lebart et al. 2001), so the tail power is modelled as T_t = a·(T_{t−1} + revWeight·D²_{t−1})
  // with D the vocal magnitude the cues found and a the per-hop decay for revRt60. The cues see a
  // tail as noise (percussive) or as sustained, so without this it lands in the accompaniment.
  const rev = p.revWeight > 0;
  const decay = 10 ** ((-6 * p.hop) / (sampleRate * Math.max(0.05, p.revRt60)));
  const tail = new Float64Array(rev ? K : 0);
  const direct = new Float64Array(rev ? K : 0);
  return stftMask(left, right, {
    fftSize: N,
    hop: p.hop,
    lookahead: mono ? 0 : p.smoothFrames,
    mask: (ring, mL, mR) => {
      const A = (ring.length - 1) / 2;
      const t = ring[A].index;
      const o = t * K;
      for (let k = 0; k < K; k++) X[k] = mag[o + k];
      // Percussive: median across frequency.
      frequencyMedian(X, p.percBins, Pm, win);
      if (hMed) hMed(t, Hm);
      // Repeating: median over the similar frames (same phase within the pool).
      const u = Math.floor(t / pool);
      const ph = t - u * pool;
      /** @type {number[]} */
      const rows = [];
      for (let j = 0; j < kNb; j++) {
        const v = nb[u * kNb + j];
        if (v < 0) break;
        const f = Math.min(frames - 1, v * pool + ph);
        rows.push(f * K);
      }
      const nr = rows.length;
      if (nr >= 2) {
        for (let k = 0; k < K; k++) {
          for (let j = 0; j < nr; j++) scratch[j] = mag[rows[j] + k];
          Rm[k] = median(scratch, nr);
        }
      } else Rm.fill(0);
      if (stereo) stereo(ring, sL, sR);
      if (rev) for (let k = 0; k < K; k++) tail[k] = decay * (tail[k] + p.revWeight * direct[k] * direct[k]);
      for (let k = 0; k < K; k++) {
        const x = X[k];
        let v = 0;
        if (x > 1e-12) {
          // percMode 0: share of the bin explained by the percussive median; 1: Fitzgerald's soft
          // HPSS mask P²/(H² + P²).
          const pp = Pm[k] * Pm[k];
          const fp = p.percMode === 1 ? pp / (pp + Hm[k] * Hm[k] + 1e-30) : Math.min(1, Pm[k] / x);
          const fr = Math.min(1, Rm[k] / x);
          v = band[k] * (1 - p.percWeight * fp) * (1 - p.repWeight * fr);
          if (p.sustainWeight > 0) v *= 1 - p.sustainWeight * Math.min(1, Hm[k] / x);
          if (v < 0) v = 0;
        }
        let gl = v,
          gr = v;
        if (stereo) {
          gl *= sL[k] ** p.stereoWeight;
          gr *= sR[k] ** p.stereoWeight;
        }
        if (rev) {
          const x = X[k];
          direct[k] = 0.5 * (gl + gr) * x;
          const r = x > 1e-12 ? Math.min(1, Math.sqrt(tail[k]) / x) : 0;
          gl = 1 - (1 - gl) * (1 - r);
          gr = 1 - (1 - gr) * (1 - r);
        }
        // Steady partials go to the accompaniment after the tail is added back, so a predicted
        // tail cannot pull a held note into the vocals.
        if (stabMap) {
          const c = 1 - p.stabWeight * stabMap[o + k] * (1 / 255);
          gl *= c;
          gr *= c;
        }
        if (sharpen !== 1) {
          gl = gl <= 0 ? 0 : gl >= 1 ? 1 : gl ** sharpen / (gl ** sharpen + (1 - gl) ** sharpen);
          gr = gr <= 0 ? 0 : gr >= 1 ? 1 : gr ** sharpen / (gr ** sharpen + (1 - gr) ** sharpen);
        }
        mL[k] = gl;
        mR[k] = gr;
      }
    },
    onProgress: onProgress && ((f) => onProgress(P1 + (1 - P1) * f)),
  });
}
