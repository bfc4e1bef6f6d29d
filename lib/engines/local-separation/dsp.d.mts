// Types for dsp.mjs (the DSP core is plain JS so the worker thread needs no TypeScript loader).
export interface SeparationParams {
  /** STFT frame length (power of two). Default 4096. */
  fftSize: number;
  /** STFT hop; must divide fftSize. Default 1024. */
  hop: number;
  /** Stereo cue: ± frames averaged in the cross-spectra. Default 1. */
  smoothFrames: number;
  /** Stereo cue: ± bins averaged in the cross-spectra. Default 1. */
  smoothBins: number;
  /** Sharpening exponent of the centre mask (1 = Wiener-like). Default 1. */
  maskExponent: number;
  /** Level-balance tolerance of the azimuth window (mask halved at this imbalance). Default 0.35. */
  panWidth: number;
  /** Vocal band edges (Hz); the mask fades to bandFloor over one octave outside. */
  bandLowHz: number;
  bandHighHz: number;
  bandFloor: number;
  /** Side/mid energy (dB) under which the input is treated as mono. Default −50. */
  monoThresholdDb: number;
  /** Mono fallback: time- and frequency-median lengths (odd). Default 17 / 17. */
  monoMedianFrames: number;
  monoMedianBins: number;
}

export const DEFAULT_PARAMS: Readonly<SeparationParams>;

export interface FrameSlot {
  index: number;
  L: Float64Array;
  R: Float64Array;
  pLL: Float64Array;
  pRR: Float64Array;
  pLR: Float64Array;
  mag: Float64Array;
}

export type MaskFn = (ring: FrameSlot[], mL: Float64Array, mR: Float64Array) => void;

export function hann(n: number): Float64Array;

export function stftMask(
  left: Float32Array,
  right: Float32Array,
  o: { fftSize: number; hop: number; lookahead: number; mask: MaskFn; onProgress?: (fraction: number) => void },
): { left: Float32Array; right: Float32Array };

export function bandWeights(
  K: number,
  fftSize: number,
  sampleRate: number,
  lo: number,
  hi: number,
  floor: number,
): Float64Array;

export function centreMask(p: SeparationParams, band: Float64Array): MaskFn;
export function monoMask(p: SeparationParams, band: Float64Array): MaskFn;
export function sideToMidDb(left: Float32Array, right: Float32Array): number;

export function separate(
  left: Float32Array,
  right: Float32Array,
  sampleRate: number,
  opts?: { params?: Partial<SeparationParams>; onProgress?: (fraction: number) => void; inPlace?: boolean },
): {
  mode: "stereo" | "mono";
  vocals: { left: Float32Array; right: Float32Array };
  accompaniment: { left: Float32Array; right: Float32Array };
};
