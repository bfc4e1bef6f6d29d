// The walk: which stretches of the source to play, in which order, to extend it. Plain JS (loaded
// by the worker); types in walk.d.mts. Everything random comes from a seeded PRNG, so a seed
// fixes the walk.

/** @type {Readonly<import("./walk.d.mts").WalkParams>} */
export const WALK_DEFAULTS = Object.freeze({
  beatsPerBar: 4,
  minRunBars: 2,
  runBars: [4, 8],
  jumpThreshold: 0.25,
  crossfadeMs: 30,
  guardMs: 10,
  fadeOutSec: 4,
});

/** FNV-1a hash of a string → mulberry32 generator of floats in [0, 1). */
export function prng(/** @type {string} */ seed) {
  let h = 0x811c9dc5;
  for (let i = 0; i < seed.length; i++) {
    h ^= seed.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  let a = h >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Index drawn with probability ∝ weights (all weights ≥ 0; falls back to the largest). */
function pick(/** @type {number[]} */ weights, /** @type {() => number} */ rand) {
  const total = weights.reduce((s, w) => s + w, 0);
  if (!(total > 0)) return weights.indexOf(Math.max(...weights));
  let r = rand() * total;
  for (let i = 0; i < weights.length; i++) {
    r -= weights[i];
    if (r < 0) return i;
  }
  return weights.length - 1;
}

/**
 * Plans one extension.
 *
 * Output = source [0, cut) where cut is the beat nearest continueAt, then a walk: after each jump
 * the source plays on for a phrase of `runBars` bars, then jumps at a downbeat to a beat of the same
 * bar phase whose surrounding beats sound alike (context distance ≤ jumpThreshold × the median
 * distance). The walk ends at a bar line near the target (preferring the source's own ending when
 * it fits). Seams sit `guardMs + crossfadeMs/2` before the beat so the crossfade ends before the
 * attack; both sides of a seam are offset equally, so the jump stays phase-aligned.
 *
 * @param {import("./analysis.d.mts").Analysis} an
 * @param {{ continueAt: number, targetSeconds: number, seed: string, params?: Partial<import("./walk.d.mts").WalkParams> }} req
 * @returns {import("./walk.d.mts").Plan}
 */
export function planWalk(an, req) {
  const p = { ...WALK_DEFAULTS, ...req.params };
  const rand = prng(req.seed);
  const { beats, edges, duration } = an;
  const B = beats.length;
  const bpb = p.beatsPerBar;
  const sr = an.sampleRate;
  const T = req.targetSeconds;
  const lead = (p.guardMs + p.crossfadeMs / 2) / 1000;
  const barSec = an.period * bpb;
  // The longest stretch played without a jump; the source's own ending is only used when its tail
  // is no longer, or a variant could be "the rest of the song again".
  const maxRunSec = (Math.max(...p.runBars) + 2) * barSec;
  const isDown = (/** @type {number} */ k) => (((k - an.phase) % bpb) + bpb) % bpb === 0;
  const tau = p.jumpThreshold * an.medianDistance;
  const seamAt = (/** @type {number} */ k) => Math.max(0, Math.round((beats[k] - lead) * sr));

  /** @type {import("./walk.d.mts").Segment[]} */ const segments = [];
  let forced = 0;
  const landed = new Map();

  if (B < 2 * bpb || edges.length === 0) return loopSource();

  // The cut: the beat nearest continueAt (at least one beat in, at most the second to last).
  let c = 0;
  for (let k = 0; k < B; k++) if (Math.abs(beats[k] - req.continueAt) < Math.abs(beats[c] - req.continueAt)) c = k;
  c = Math.max(1, Math.min(B - 2, c));
  let outT = beats[c] - lead;
  segments.push({ srcStart: 0, srcEnd: seamAt(c), fromBeat: -1, toBeat: c, distance: 0 });

  /** Chooses a landing from beat i; null when i has no candidates. */
  const land = (/** @type {number} */ i, /** @type {number} */ outAtI, /** @type {boolean} */ strict) => {
    const list = edges[i].filter((e) => !strict || e.d <= tau);
    if (list.length === 0) return null;
    const w = list.map((e) => {
      let wt = Math.exp((-3 * e.d) / Math.max(tau, 1e-9));
      // Revisiting the same place makes loops audible: halve… quarter the weight per visit.
      const near = [...landed.keys()].filter((j) => Math.abs(j - e.j) < 2 * bpb).reduce((s, j) => s + landed.get(j), 0);
      wt *= 0.25 ** near;
      // Landing where the source's own ending fills the remaining time exactly is the best end.
      const tail = duration - beats[e.j];
      if (tail <= maxRunSec && Math.abs(outAtI + tail - T) <= barSec) wt *= 20;
      return wt;
    });
    return list[pick(w, rand)];
  };

  // First jump, forced at the cut (the original continuation is what the user asked to replace).
  let first = land(c, outT, true);
  if (!first) {
    first = land(c, outT, false);
    forced++;
  }
  // The cut has no landing at all (nothing in the source resembles it, e.g. noise): loop instead.
  if (!first) return loopSource();
  let s = first.j;
  segments[0].distance = first.d;
  landed.set(s, 1);

  for (let guard = 0; guard < 10000; guard++) {
    const remaining = T - outT;
    const startSample = seamAt(s);
    // 1. The source's own ending fits: play it out.
    const tail = duration - (beats[s] - lead);
    if (tail <= maxRunSec && Math.abs(tail - remaining) <= barSec) {
      segments.push({ srcStart: startSample, srcEnd: Math.round(duration * sr), fromBeat: s, toBeat: -1, distance: 0 });
      return finish(segments, true);
    }
    const runBars = p.runBars[Math.floor(rand() * p.runBars.length)];
    const minRun = p.minRunBars * bpb;
    // 2. The target is within this phrase: end on the bar line nearest to it. With less than a
    //    minimum run + a bar left there is no room for another jump: end at the nearest bar line
    //    (or the source's end) even if it misses the target by more than a bar.
    /** Ends at bar line e (or the source's end when that is closer to the target). */
    const endHere = (/** @type {number} */ e, /** @type {number} */ miss) => {
      if (e >= 0 && miss <= Math.abs(tail - remaining)) {
        segments.push({
          srcStart: startSample,
          srcEnd: Math.round(beats[e] * sr),
          fromBeat: s,
          toBeat: e,
          distance: 0,
        });
        return finish(segments, false);
      }
      segments.push({ srcStart: startSample, srcEnd: Math.round(duration * sr), fromBeat: s, toBeat: -1, distance: 0 });
      return finish(segments, true);
    };
    const closestEnd = () => {
      let e = -1;
      for (let k = s + 1; k < B; k++) {
        if (!isDown(k)) continue;
        if (e < 0 || Math.abs(beats[k] - beats[s] - remaining) < Math.abs(beats[e] - beats[s] - remaining)) e = k;
      }
      return e;
    };
    if (remaining <= (runBars + 1) * barSec) {
      const e = closestEnd();
      const miss = e >= 0 ? Math.abs(beats[e] - beats[s] - remaining) : Infinity;
      if (miss <= barSec || remaining <= (minRun + bpb) * an.period) return endHere(e, miss);
    }
    // 3. Jump at a downbeat about runBars bars on, where a similar landing exists.
    const goal = s + runBars * bpb;
    /** @type {{ i: number, score: number }[]} */ let options = [];
    const consider = (/** @type {boolean} */ strict, /** @type {number} */ maxAhead) => {
      options = [];
      for (let i = s + minRun; i < Math.min(B, s + maxAhead); i++) {
        if (!isDown(i)) continue;
        if (beats[i] - beats[s] > remaining - barSec) break; // leave at least a bar after the jump
        const best = edges[i].find((e) => !strict || e.d <= tau);
        if (!best) continue;
        options.push({ i, score: Math.exp(-Math.abs(i - goal) / bpb) * Math.exp((-2 * best.d) / Math.max(tau, 1e-9)) });
      }
    };
    consider(true, (runBars + 2) * bpb + 1);
    if (options.length === 0) consider(true, B);
    let strict = true;
    if (options.length === 0) {
      // Nothing similar enough ahead: take the least bad jump (counted, reported).
      consider(false, B);
      strict = false;
    }
    if (options.length === 0) {
      // No jump possible: end here if the source covers the remaining time, else play it out and
      // start over from its beginning (counted as forced).
      if (tail >= remaining - barSec) {
        const e = closestEnd();
        return endHere(e, e >= 0 ? Math.abs(beats[e] - beats[s] - remaining) : Infinity);
      }
      segments.push({ srcStart: startSample, srcEnd: Math.round(duration * sr), fromBeat: s, toBeat: -1, distance: 0 });
      s = 0;
      outT += tail;
      forced++;
      continue;
    }
    const i =
      options[
        pick(
          options.map((o) => o.score),
          rand,
        )
      ].i;
    const outAtI = outT + beats[i] - beats[s];
    const to = land(i, outAtI, strict);
    if (!to) throw new Error("walk: candidate without landing");
    if (!strict || to.d > tau) forced++;
    segments.push({ srcStart: startSample, srcEnd: seamAt(i), fromBeat: s, toBeat: i, distance: to.d });
    outT = outAtI;
    s = to.j;
    landed.set(s, (landed.get(s) ?? 0) + 1);
  }
  throw new Error("walk did not terminate");

  /**
   * No usable beat grid or no landing from the cut (a drone, speech, noise, a few seconds): keep
   * [0, continueAt), then loop the whole source with crossfaded seams up to the target. Nothing
   * musical to align to.
   * @returns {import("./walk.d.mts").Plan}
   */
  function loopSource() {
    segments.length = 0;
    const len = Math.round(duration * sr);
    if (len <= 0) throw new Error("walk: empty source");
    const cut = Math.min(len, Math.max(1, Math.round(req.continueAt * sr)));
    segments.push({ srcStart: 0, srcEnd: cut, fromBeat: -1, toBeat: -1, distance: 0 });
    const goal = Math.round(T * sr);
    for (let out = cut; out < goal; ) {
      const n = Math.min(len, goal - out);
      segments.push({ srcStart: 0, srcEnd: n, fromBeat: -1, toBeat: -1, distance: 0 });
      out += n;
    }
    return finish(segments, false);
  }

  /**
   * @param {import("./walk.d.mts").Segment[]} segs
   * @param {boolean} naturalEnd
   * @returns {import("./walk.d.mts").Plan}
   */
  function finish(segs, naturalEnd) {
    const frames = segs.reduce((n, g) => n + (g.srcEnd - g.srcStart), 0);
    const fadeSec = Math.min(p.fadeOutSec, 2 * barSec, frames / sr / 4);
    return {
      segments: segs,
      frames,
      jumps: segs.length - 1,
      forcedJumps: forced,
      naturalEnd,
      fadeFrames: Math.round(fadeSec * sr),
      crossfadeFrames: Math.max(2, Math.round((p.crossfadeMs / 1000) * sr)),
    };
  }
}
