// Types for analysis.mjs (plain JS so the worker thread needs no TypeScript loader).
export interface AnalysisParams {
  /** Onset STFT frame (power of two). Default 1024 (23 ms at 44.1 kHz). */
  fftSize: number;
  /** Onset hop. Default 512 (11.6 ms; beats are then refined to sub-frame peaks). */
  hop: number;
  /** Log-spaced bands, 30 Hz–16 kHz. Default 40. */
  bands: number;
  /** Tempo search range and log-Gaussian prior (centre, σ in octaves). */
  minBpm: number;
  maxBpm: number;
  priorBpm: number;
  priorOctaves: number;
  /** DP transition weight α (Ellis 2007). Default 100. */
  tightness: number;
  /** Meter assumed for bar phase and jump alignment. Default 4. */
  beatsPerBar: number;
  /** Beats compared before and after a jump. Default 4. */
  contextBeats: number;
}

export interface JumpEdge {
  /** Beat to land on. */
  j: number;
  /** Context distance (≈ 0 for identical material; compare with Analysis.medianDistance). */
  d: number;
}

export interface Analysis {
  sampleRate: number;
  /** Seconds. */
  duration: number;
  tempoBpm: number;
  /** Median inter-beat interval (s). */
  period: number;
  /** Beat times (s). */
  beats: Float64Array;
  /** Beats with index ≡ phase (mod beatsPerBar) are downbeats. */
  phase: number;
  /** Beat-synchronous chroma, beats × 12. */
  chroma: Float32Array;
  /** Per beat, the best jump targets (sorted by distance). */
  edges: JumpEdge[][];
  /** Median context distance over all same-phase beat pairs. */
  medianDistance: number;
}

export const ANALYSIS_DEFAULTS: Readonly<AnalysisParams>;
export function spectralFrames(
  x: Float32Array,
  sr: number,
  p: AnalysisParams,
  onProgress?: (f: number) => void,
): { logBands: Float32Array; nFrames: number; flux: Float64Array; lowFlux: Float64Array; frameRate: number };
export function normalizeEnvelope(v: Float64Array, half: number): Float64Array;
export function estimatePeriod(env: Float64Array, frameRate: number, p: AnalysisParams): number;
export function trackBeats(
  env: Float64Array,
  P: number,
  tightness: number,
): { frames: number[]; localScore: Float64Array };
export function refineBeatTimes(frames: number[], local: Float64Array, frameRate: number): Float64Array;
export function chromagram(x: Float32Array, sr: number): { chroma: Float32Array; nFrames: number; frameRate: number };
