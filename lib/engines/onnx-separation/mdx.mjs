// MDX-Net framing around a model: the part of UVR's MDX procedure that is not the network.
// Plain JS (ESM + JSDoc) so the worker thread runs it without a TypeScript loader. See README.md.
//
// The model sees one chunk at a time as a tensor [1, 4, dimF, dimT]: the STFT (periodic Hann,
// n_fft, hop, centred with reflect padding — torch.stft(center=True)) of the left and right channel,
// channels ordered L.re, L.im, R.re, R.im, only the first dimF bins, bins 0–2 zeroed. It answers
// the same layout for its target stem, which is brought back by the inverse STFT (window-squared
// normalisation, centre trimmed — torch.istft(center=True)).
//
// Chunks are hop · (dimT − 1) samples long, so their STFT has exactly dimT frames. The mix gets
// n_fft/2 zeros in front and enough behind to fill whole chunks; chunks start every
// chunk − n_fft samples; each chunk's output is weighted by a symmetric Hann window over the chunk
// and the overlaps are normalised by the summed windows (overlap-add); the padding is cut off and the
// result is scaled by the model's `compensate` factor. The other stem is mixture − target.
import { MixedDft } from "./dft.mjs";

/**
 * @typedef {object} MdxParams
 * @property {number} nFft       STFT frame length (UVR's mdx_n_fft_scale_set).
 * @property {number} hop        STFT hop (1024 for every UVR MDX-Net model).
 * @property {number} dimF       frequency bins the model sees (mdx_dim_f_set).
 * @property {number} dimT       frames per chunk (2 ** mdx_dim_t_set).
 * @property {number} compensate gain applied to the model's output (UVR's `compensate`).
 * @property {"vocals" | "instrumental"} target what the model outputs (primary_stem).
 */

/**
 * Checks a parameter set (from a sidecar or the catalogue) and returns it, or throws with a message
 * meant for the admin.
 * @param {MdxParams} p
 * @returns {MdxParams}
 */
export function checkParams(p) {
  const { nFft, hop, dimF, dimT, compensate } = p;
  const int = (/** @type {number} */ v) => Number.isInteger(v) && v > 0;
  if (!int(nFft) || !int(hop) || !int(dimF) || !int(dimT))
    throw new Error("n_fft, hop, dim_f and dim_t must be positive integers");
  if (dimF > nFft / 2 + 1) throw new Error(`dim_f ${dimF} exceeds the ${nFft / 2 + 1} bins of n_fft ${nFft}`);
  if (!(compensate > 0 && compensate < 10)) throw new Error(`compensate must be a positive factor, got ${compensate}`);
  if (p.target !== "vocals" && p.target !== "instrumental") throw new Error(`unsupported target stem "${p.target}"`);
  if (nFft % 2 !== 0) throw new Error(`n_fft must be even, got ${nFft}`);
  const chunk = hop * (dimT - 1);
  if (chunk - 2 * (nFft / 2) <= 0) throw new Error(`dim_t ${dimT} is too small for n_fft ${nFft} and hop ${hop}`);
  return p;
}

/** STFT and inverse STFT of one chunk, laid out as the model's tensor. */
export class ChunkCodec {
  /** @param {MdxParams} params */
  constructor(params) {
    const { nFft, hop, dimF, dimT } = checkParams(params);
    this.nFft = nFft;
    this.hop = hop;
    this.dimF = dimF;
    this.dimT = dimT;
    this.chunk = hop * (dimT - 1);
    this.dft = new MixedDft(nFft);
    this.win = new Float64Array(nFft);
    for (let n = 0; n < nFft; n++) this.win[n] = 0.5 - 0.5 * Math.cos((2 * Math.PI * n) / nFft);
    this.z = new Float64Array(2 * nFft);
    this.re = new Float64Array(nFft);
    this.im = new Float64Array(nFft);
    // Σ w² over the frames, as torch.istft divides by it; the same for every chunk.
    const half = nFft / 2;
    const env = new Float64Array(nFft + hop * (dimT - 1));
    for (let t = 0; t < dimT; t++) for (let n = 0; n < nFft; n++) env[t * hop + n] += this.win[n] * this.win[n];
    this.invEnv = new Float64Array(this.chunk);
    for (let i = 0; i < this.chunk; i++) {
      const e = env[i + half];
      this.invEnv[i] = e > 1e-11 ? 1 / e : 0;
    }
    this.ola = new Float64Array(2 * env.length);
  }

  get tensorSize() {
    return 4 * this.dimF * this.dimT;
  }

  /**
   * One chunk (both channels, `chunk` samples each) → the model's input tensor.
   * @param {Float32Array} l
   * @param {Float32Array} r
   * @param {Float32Array} out length 4 · dimF · dimT
   */
  analyze(l, r, out) {
    const { nFft, hop, dimF, dimT, chunk, win, z, re, im } = this;
    const half = nFft / 2;
    const plane = dimF * dimT;
    for (let t = 0; t < dimT; t++) {
      // Both channels in one complex transform: z = l + i·r.
      for (let n = 0; n < nFft; n++) {
        let j = t * hop + n - half;
        if (j < 0) j = -j;
        else if (j >= chunk) j = 2 * (chunk - 1) - j;
        z[2 * n] = l[j] * win[n];
        z[2 * n + 1] = r[j] * win[n];
      }
      this.dft.forward(z, re, im, nFft);
      for (let f = 0; f < dimF; f++) {
        const g = f === 0 ? 0 : nFft - f;
        const a = re[f];
        const b = im[f];
        const c = re[g];
        const d = im[g];
        const keep = f >= 3 ? 1 : 0;
        const idx = f * dimT + t;
        out[idx] = keep * 0.5 * (a + c);
        out[plane + idx] = keep * 0.5 * (b - d);
        out[2 * plane + idx] = keep * 0.5 * (b + d);
        out[3 * plane + idx] = keep * 0.5 * (c - a);
      }
    }
  }

  /**
   * The model's output tensor → one chunk of both channels (`chunk` samples each).
   * @param {Float32Array} spec
   * @param {Float32Array} l
   * @param {Float32Array} r
   */
  synthesize(spec, l, r) {
    const { nFft, hop, dimF, dimT, chunk, win, z, re, im, ola, invEnv } = this;
    const half = nFft / 2;
    const plane = dimF * dimT;
    const len = ola.length / 2;
    ola.fill(0);
    for (let t = 0; t < dimT; t++) {
      z.fill(0);
      // Z = XL + i·XR over the whole (Hermitian) spectrum; its inverse is l + i·r. The conjugate goes
      // into the forward transform: IDFT(Z) = conj(DFT(conj(Z))) / N.
      for (let f = 0; f < dimF && f <= half; f++) {
        const idx = f * dimT + t;
        const p = spec[idx];
        const q = f === 0 || f === half ? 0 : spec[plane + idx];
        const u = spec[2 * plane + idx];
        const v = f === 0 || f === half ? 0 : spec[3 * plane + idx];
        z[2 * f] = p - v;
        z[2 * f + 1] = -(q + u);
        if (f > 0 && f < half) {
          const g = nFft - f;
          z[2 * g] = p + v;
          z[2 * g + 1] = -(u - q);
        }
      }
      this.dft.forward(z, re, im, nFft);
      const base = t * hop;
      for (let n = 0; n < nFft; n++) {
        ola[2 * (base + n)] += (re[n] / nFft) * win[n];
        ola[2 * (base + n) + 1] += (-im[n] / nFft) * win[n];
      }
    }
    for (let i = 0; i < chunk && i + half < len; i++) {
      l[i] = ola[2 * (i + half)] * invEnv[i];
      r[i] = ola[2 * (i + half) + 1] * invEnv[i];
    }
  }
}

/**
 * Runs a model over a whole stereo signal and returns the target stem (compensated).
 * @param {Float32Array} left
 * @param {Float32Array} right
 * @param {MdxParams} params
 * @param {(input: Float32Array) => Promise<Float32Array>} run the model on one [1,4,dimF,dimT] tensor
 * @param {{ onProgress?: (fraction: number) => void }} [opts]
 * @returns {Promise<{ left: Float32Array, right: Float32Array, chunks: number }>}
 */
export async function demix(left, right, params, run, opts = {}) {
  const codec = new ChunkCodec(params);
  const { nFft, chunk } = codec;
  const trim = nFft / 2;
  const gen = chunk - 2 * trim;
  const len = left.length;
  const pad = gen + trim - (len % gen);
  const total = trim + len + pad;
  const step = chunk - nFft;
  // The padded mixture is read in place through an offset instead of being copied.
  const at = (/** @type {Float32Array} */ x, /** @type {number} */ i) => {
    const j = i - trim;
    return j >= 0 && j < len ? x[j] : 0;
  };
  const accL = new Float32Array(total);
  const accR = new Float32Array(total);
  const weight = new Float32Array(total);
  const inL = new Float32Array(chunk);
  const inR = new Float32Array(chunk);
  const outL = new Float32Array(chunk);
  const outR = new Float32Array(chunk);
  const tensor = new Float32Array(codec.tensorSize);
  const chunks = Math.ceil(total / step);
  let done = 0;
  for (let start = 0; start < total; start += step) {
    const end = Math.min(start + chunk, total);
    const actual = end - start;
    for (let i = 0; i < chunk; i++) {
      inL[i] = i < actual ? at(left, start + i) : 0;
      inR[i] = i < actual ? at(right, start + i) : 0;
    }
    codec.analyze(inL, inR, tensor);
    const y = await run(tensor);
    if (y.length !== tensor.length)
      throw new Error(`the model answered ${y.length} values instead of ${tensor.length}`);
    codec.synthesize(y, outL, outR);
    // numpy's hanning(M): symmetric, zero at both ends; hanning(1) is [1].
    for (let i = 0; i < actual; i++) {
      const w = actual === 1 ? 1 : 0.5 - 0.5 * Math.cos((2 * Math.PI * i) / (actual - 1));
      accL[start + i] += outL[i] * w;
      accR[start + i] += outR[i] * w;
      weight[start + i] += w;
    }
    done++;
    opts.onProgress?.(done / chunks);
  }
  const c = params.compensate;
  const l = new Float32Array(len);
  const r = new Float32Array(len);
  for (let i = 0; i < len; i++) {
    const w = weight[trim + i];
    l[i] = w > 0 ? (accL[trim + i] / w) * c : 0;
    r[i] = w > 0 ? (accR[trim + i] / w) * c : 0;
  }
  return { left: l, right: r, chunks };
}

/**
 * Vocals and accompaniment from a model's target: the target as it came out, the other stem as
 * mixture − target (so the two always sum back to the mixture).
 * @param {Float32Array} left
 * @param {Float32Array} right
 * @param {MdxParams} params
 * @param {(input: Float32Array) => Promise<Float32Array>} run
 * @param {{ onProgress?: (fraction: number) => void }} [opts]
 */
export async function separateStems(left, right, params, run, opts = {}) {
  const target = await demix(left, right, params, run, opts);
  const restL = new Float32Array(left.length);
  const restR = new Float32Array(left.length);
  for (let i = 0; i < left.length; i++) {
    restL[i] = left[i] - target.left[i];
    restR[i] = right[i] - target.right[i];
  }
  const rest = { left: restL, right: restR };
  const tgt = { left: target.left, right: target.right };
  return params.target === "vocals"
    ? { vocals: tgt, accompaniment: rest, chunks: target.chunks }
    : { vocals: rest, accompaniment: tgt, chunks: target.chunks };
}
