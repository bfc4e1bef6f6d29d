// Types for features.mjs.
import type { Analysis, AnalysisParams, JumpEdge } from "./analysis.d.mts";

export function beatDistances(chroma: Float32Array, timbre: Float64Array, loud: Float64Array, B: number): Float32Array;
export function contextDistance(D: Float32Array, B: number, i: number, j: number, W: number): number;
export function jumpCandidates(
  D: Float32Array,
  B: number,
  o: { beatsPerBar: number; contextBeats: number; k?: number; minDistance?: number; minRun?: number },
): { edges: JumpEdge[][]; median: number };
export function barPhase(lowAtBeat: Float64Array, chroma: Float32Array, B: number, beatsPerBar: number): number;
export function analyze(
  x: Float32Array,
  sr: number,
  opts?: { params?: Partial<AnalysisParams>; onProgress?: (f: number) => void; withGraph?: boolean },
): Analysis;
