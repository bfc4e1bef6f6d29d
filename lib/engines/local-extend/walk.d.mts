// Types for walk.mjs.
import type { Analysis } from "./analysis.d.mts";

export interface WalkParams {
  beatsPerBar: number;
  /** Shortest run between two jumps (bars). Default 2. */
  minRunBars: number;
  /** Phrase lengths drawn for each run (bars). Default [4, 8]. */
  runBars: number[];
  /** A jump is "similar" when its context distance ≤ this × the median distance. Default 0.25. */
  jumpThreshold: number;
  /** Equal-power crossfade at each seam (ms). Default 30. */
  crossfadeMs: number;
  /** Gap between the end of a crossfade and the beat's attack (ms). Default 10. */
  guardMs: number;
  /** Longest final fade (s); also capped at two bars. Default 4. */
  fadeOutSec: number;
}

/** One stretch of the source, in samples: [srcStart, srcEnd). */
export interface Segment {
  srcStart: number;
  srcEnd: number;
  /** Beat the stretch starts on (-1 = the start of the file). */
  fromBeat: number;
  /** Beat at which it is left (-1 = the end of the file). */
  toBeat: number;
  /** Context distance of the jump that ends this stretch (0 for the last). */
  distance: number;
}

export interface Plan {
  segments: Segment[];
  /** Output length in samples. */
  frames: number;
  jumps: number;
  /** Jumps taken although no similar-enough landing existed. */
  forcedJumps: number;
  /** The walk ends with the source's own ending. */
  naturalEnd: boolean;
  fadeFrames: number;
  crossfadeFrames: number;
}

export const WALK_DEFAULTS: Readonly<WalkParams>;
export function prng(seed: string): () => number;
export function planWalk(
  an: Analysis,
  req: { continueAt: number; targetSeconds: number; seed: string; params?: Partial<WalkParams> },
): Plan;
