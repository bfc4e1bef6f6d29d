// Types for dsp-v2.mjs (see the comments there).
import type { MaskFn, SeparationParams } from "./dsp.mjs";

export function frequencyMedian(x: Float32Array | Float64Array, w: number, out: Float64Array, win: Float64Array): void;
export function similarNeighbours(
  feat: Float32Array,
  T: number,
  d: number,
  k: number,
  minDist: number,
  maxDist: number,
): Int32Array;
export function stereoCue(p: SeparationParams, K: number): MaskFn;
export function separateV2(
  left: Float32Array,
  right: Float32Array,
  sampleRate: number,
  p: SeparationParams,
  band: Float64Array,
  mono: boolean,
  onProgress?: (fraction: number) => void,
): { left: Float32Array; right: Float32Array };
export function timeMedian(
  mag: Float32Array,
  frames: number,
  K: number,
  w: number,
): (t: number, out: Float64Array) => void;
export function phaseStability(
  frames: number,
  K: number,
  w: number,
  floor: number,
  lag: number,
): { out: Uint8Array; push(t: number, z: Float64Array): void; finish(): void };
