// A DFT of any size N = m · 2^k, built on fft.js (which only does powers of two). MDX-Net models use
// n_fft values such as 6144 (3 · 2^11) and 7680 (15 · 2^9), so a power-of-two FFT is not enough.
//
// Decimation in time by the odd factor m: the m interleaved subsequences x[k·m + r] each get a
// power-of-two FFT of size P = N / m, and X[f] = Σ_r W_N^(r·f) · Y_r[f mod P]. The combine step costs
// m complex products per output bin (done per q as m twiddles and one m-point DFT), which is cheap
// for the small odd factors MDX-Net uses.
import FFT from "fft.js";

export class MixedDft {
  /** @param {number} n */
  constructor(n) {
    if (!Number.isInteger(n) || n < 4) throw new Error(`DFT size must be an integer ≥ 4, got ${n}`);
    let p = 1;
    while (n % (p * 2) === 0) p *= 2;
    if (p < 4) throw new Error(`DFT size ${n} needs a power-of-two factor of at least 4`);
    this.n = n;
    this.p = p;
    this.m = n / p;
    this.fft = new FFT(p);
    /** W_N^k = exp(−2πik/N) */
    this.cos = new Float64Array(n);
    this.sin = new Float64Array(n);
    for (let k = 0; k < n; k++) {
      this.cos[k] = Math.cos((2 * Math.PI * k) / n);
      this.sin[k] = -Math.sin((2 * Math.PI * k) / n);
    }
    // The m-point DFT matrix W_m^(r·j), row j, for the second stage.
    this.mc = new Float64Array(this.m * this.m);
    this.ms = new Float64Array(this.m * this.m);
    for (let j = 0; j < this.m; j++)
      for (let r = 0; r < this.m; r++) {
        this.mc[j * this.m + r] = Math.cos((2 * Math.PI * ((r * j) % this.m)) / this.m);
        this.ms[j * this.m + r] = -Math.sin((2 * Math.PI * ((r * j) % this.m)) / this.m);
      }
    this.tr = new Float64Array(this.m);
    this.ti = new Float64Array(this.m);
    /** @type {Float64Array[]} */
    this.sub = [];
    for (let r = 0; r < this.m; r++) this.sub.push(new Float64Array(2 * p));
    this.tmp = new Float64Array(2 * p);
  }

  /**
   * Forward DFT of a complex signal (interleaved re/im, length 2N), writing the first `bins`
   * outputs into outRe/outIm.
   * @param {Float64Array} x interleaved complex input, length 2N
   * @param {Float64Array} outRe
   * @param {Float64Array} outIm
   * @param {number} bins
   */
  forward(x, outRe, outIm, bins) {
    const { p, m, cos, sin, sub, tmp, fft } = this;
    for (let r = 0; r < m; r++) {
      for (let k = 0; k < p; k++) {
        tmp[2 * k] = x[2 * (k * m + r)];
        tmp[2 * k + 1] = x[2 * (k * m + r) + 1];
      }
      fft.transform(sub[r], tmp);
    }
    if (m === 1) {
      const y = sub[0];
      for (let f = 0; f < bins; f++) {
        outRe[f] = y[2 * f];
        outIm[f] = y[2 * f + 1];
      }
      return;
    }
    // X[q + j·P] = Σ_r (W_N^(r·q) · Y_r[q]) · W_m^(r·j): per q, m twiddles then an m-point DFT.
    const { mc, ms, tr, ti } = this;
    for (let q = 0; q < p; q++) {
      if (q >= bins) break;
      for (let r = 0; r < m; r++) {
        const y = sub[r];
        const a = y[2 * q];
        const b = y[2 * q + 1];
        const c = cos[r * q];
        const s = sin[r * q];
        tr[r] = a * c - b * s;
        ti[r] = a * s + b * c;
      }
      for (let j = 0; j < m; j++) {
        const f = q + j * p;
        if (f >= bins) break;
        let re = 0;
        let im = 0;
        const row = j * m;
        for (let r = 0; r < m; r++) {
          const c = mc[row + r];
          const s = ms[row + r];
          re += tr[r] * c - ti[r] * s;
          im += tr[r] * s + ti[r] * c;
        }
        outRe[f] = re;
        outIm[f] = im;
      }
    }
  }
}
