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
  /** Method: "dsp-v2" (default: percussive + REPET-SIM + low-frequency + pan cues) or "dsp-v1" (centre mask). */
  engine: SeparationEngineId;
  /** v2: width (bins, odd) of the frequency median of the percussive cue. Default 17. */
  percBins: number;
  /** v2: weight of the percussive cue (0 = off). Default 0.7. */
  percWeight: number;
  /** v2: percussive cue: 0 = share P/X of the frequency median; 1 = HPSS soft mask P²/(H²+P²). */
  percMode: number;
  /** v2: width (frames, odd) of the time median H (HPSS harmonic half). Default 17. */
  harmFrames: number;
  /** v2: weight of the sustained cue H/X (0 = off). */
  sustainWeight: number;
  /** v2: weight of the partial-stability cue (steady phase advance; 0 = off). */
  stabWeight: number;
  /** v2: window (frames, odd) of the partial-stability cue. */
  stabFrames: number;
  /** v2: reverb-tail cue, tail power per unit of direct vocal power (0 = off). */
  revWeight: number;
  /** v2: reverb time (s) the reverb-tail cue assumes. */
  revRt60: number;
  /** v2: phase coherence counted as "not steady" (noise gives ≈ 1/√stabFrames). */
  stabFloor: number;
  /** v2: REPET-SIM: similar frames per median (k). Default 10. */
  repNeighbours: number;
  /** v2: REPET-SIM: minimum distance (s) between a frame and its similar frames. Default 1. */
  repMinDistSec: number;
  /** v2: REPET-SIM: search radius in seconds (0 = whole song). */
  repMaxDistSec: number;
  /** v2: REPET-SIM: log-spaced bands (80 Hz–10 kHz) of the similarity features. */
  repBands: number;
  /** v2: REPET-SIM: frames pooled per similarity row. */
  repPool: number;
  /** v2: weight of the repetition cue (0 = off). */
  repWeight: number;
  /** v2: exponent of the stereo cue (0 = off). */
  stereoWeight: number;
  /** v2: exponent of the coherence factor of the stereo cue (0 = panning only, keeps reverb tails). */
  stereoCoherence: number;
  /** v2: Wiener-style sharpening exponent of the final mask (1 = none). */
  sharpen: number;
}

export type SeparationEngineId = "dsp-v2" | "dsp-v1";
export const ENGINES: readonly SeparationEngineId[];

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
  engine: SeparationEngineId;
  mode: "stereo" | "mono";
  vocals: { left: Float32Array; right: Float32Array };
  accompaniment: { left: Float32Array; right: Float32Array };
};
