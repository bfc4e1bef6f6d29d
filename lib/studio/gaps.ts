// Free-gap placement for the Studio model (see lib/studio/model.ts): where a clip or a rigid group
// of clips can go on its tracks without overlapping, nearest to where it was wanted.
import { clamp, clipEnd, MAX_TIMELINE_US, toUs } from "./model-core";
import type { StudioTimeline } from "./types";

// A rigid group of clips moves by one delta d; clip c overlaps a fixed clip s on
// its destination track exactly when d lies in the open interval (s.start − end(c), end(s) − c.start).
// The answer is the allowed delta nearest the wanted one: from the wanted delta, jump past the
// union of the intervals that contain it, rightwards and leftwards, until a delta is free.

export type Span = { start: number; end: number };

/** Index of the first span starting at or after `start` in spans sorted by start. */
function lowerBound(spans: readonly Span[], start: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start < start) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Whether [start, end) overlaps a span of a sorted, non-overlapping list. */
export function overlapsSorted(spans: readonly Span[], start: number, end: number): boolean {
  const i = lowerBound(spans, start);
  if (i > 0 && spans[i - 1].end > start) return true;
  return i < spans.length && spans[i].start < end;
}

export function insertSorted(spans: Span[], span: Span) {
  spans.splice(lowerBound(spans, span.start), 0, span);
}

/** Each track's clips (but `exclude`) as spans sorted by start: the `fixed` lists nearestFreeDelta takes. */
export function spansByTrack(t: StudioTimeline, exclude?: ReadonlySet<string>): Map<string, Span[]> {
  const out = new Map<string, Span[]>();
  for (const c of t.clips) {
    if (exclude?.has(c.id)) continue;
    const list = out.get(c.trackId) ?? [];
    list.push({ start: c.start, end: clipEnd(c) });
    out.set(c.trackId, list);
  }
  for (const list of out.values()) list.sort((a, b) => a.start - b.start);
  return out;
}

/**
 * The fixed spans (first and last index, contiguous in a sorted non-overlapping list) that `span`
 * overlaps when shifted by `d`, or null if none.
 */
function conflictAt(span: Span, fixed: readonly Span[], d: number): [number, number] | null {
  const x = span.start + d;
  const y = span.end + d;
  const last = lowerBound(fixed, y) - 1; // the last fixed span starting before our end
  if (last < 0 || fixed[last].end <= x) return null;
  // Ends are sorted too (no overlaps): the first fixed span ending after our start.
  let lo = 0;
  let hi = last;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (fixed[mid].end <= x) lo = mid + 1;
    else hi = mid;
  }
  return [lo, last];
}

/** One span alone: scan the gaps outwards from the conflict (linear, no search per step). */
function nearestFreeDeltaOne(span: Span, fixed: readonly Span[], w: number, lo: number, hi: number): number | null {
  const hit = conflictAt(span, fixed, w);
  if (!hit) return w;
  const len = span.end - span.start;
  let i = hit[1];
  while (i + 1 < fixed.length && fixed[i + 1].start - fixed[i].end < len) i++;
  const rightD = fixed[i].end - span.start;
  let j = hit[0];
  while (j > 0 && fixed[j].start - fixed[j - 1].end < len) j--;
  const leftD = fixed[j].start - len - span.start;
  const right = rightD <= hi ? rightD : null;
  const left = leftD >= lo ? leftD : null;
  if (left === null) return right;
  if (right === null) return left;
  return w - left <= right - w ? left : right;
}

/**
 * The allowed delta nearest `wanted` (first clamped into [lo, hi]), or null when none exists. Each
 * `fixed` list must be sorted by start and free of overlaps (spansByTrack); on a tie the smaller
 * delta wins.
 */
export function nearestFreeDelta(
  moving: readonly { span: Span; fixed: readonly Span[] }[],
  wanted: number,
  lo: number,
  hi: number,
): number | null {
  if (lo > hi) return null;
  const w = clamp(wanted, lo, hi);
  if (moving.length === 1) return nearestFreeDeltaOne(moving[0].span, moving[0].fixed, w, lo, hi);
  // The union of the forbidden intervals containing d, or null when d is free.
  const blocked = (d: number): [number, number] | null => {
    let out: [number, number] | null = null;
    for (const { span, fixed } of moving) {
      const hit = conflictAt(span, fixed, d);
      if (!hit) continue;
      const a = fixed[hit[0]].start - span.end;
      const b = fixed[hit[1]].end - span.start;
      out = out ? [Math.min(out[0], a), Math.max(out[1], b)] : [a, b];
    }
    return out;
  };
  const first = blocked(w);
  if (!first) return w;
  // The union is open and contains d, so each jump moves strictly outwards past at least one
  // fixed clip: both walks end.
  const walk = (from: number, side: 0 | 1): number | null => {
    let d = from;
    for (;;) {
      if (d < lo || d > hi) return null;
      const iv = blocked(d);
      if (!iv) return d;
      d = iv[side];
    }
  };
  const left = walk(first[0], 0);
  const right = walk(first[1], 1);
  if (left === null) return right;
  if (right === null) return left;
  return w - left <= right - w ? left : right;
}

/** Where a clip of `duration` lands on `trackId` nearest `wantedStart`, or null if nowhere fits. */
export function findFreeStart(
  t: StudioTimeline,
  trackId: string,
  wantedStart: number,
  duration: number,
  ignoreIds?: ReadonlySet<string>,
): number | null {
  const fixed = spansByTrack(t, ignoreIds).get(trackId) ?? [];
  return nearestFreeDelta(
    [{ span: { start: 0, end: duration }, fixed }],
    toUs(wantedStart),
    0,
    MAX_TIMELINE_US - duration,
  );
}
