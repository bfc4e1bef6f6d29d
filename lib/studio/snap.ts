// Snapping and marquee selection for the Studio model (see lib/studio/model.ts).
import { clipEnd, toUs } from "./model-core";
import type { StudioTimeline } from "./types";

/** Snap points (sorted, unique) plus an optional grid step; built once per gesture. */
export type SnapTargets = { points: number[]; gridUs: number | null };

export function snapTargets(
  t: StudioTimeline,
  opts: { excludeIds?: readonly string[]; playheadUs?: number | null; gridUs?: number | null } = {},
): SnapTargets {
  const exclude = new Set(opts.excludeIds ?? []);
  const pts = [0];
  for (const c of t.clips) {
    if (exclude.has(c.id)) continue;
    pts.push(c.start, clipEnd(c));
  }
  if (opts.playheadUs != null && Number.isFinite(opts.playheadUs)) pts.push(toUs(opts.playheadUs));
  pts.sort((a, b) => a - b);
  const points = pts.filter((p, i) => i === 0 || p !== pts[i - 1]);
  const grid = opts.gridUs != null && opts.gridUs > 0 ? toUs(opts.gridUs) : null;
  return { points, gridUs: grid };
}

/** The target nearest `us` within `thresholdUs` (points, then the grid), or null. */
export function snapTarget(us: number, targets: SnapTargets | readonly number[], thresholdUs: number): number | null {
  const { points, gridUs } = Array.isArray(targets)
    ? { points: [...targets].sort((a, b) => a - b), gridUs: null }
    : (targets as SnapTargets);
  let best: number | null = null;
  let bestDist = thresholdUs;
  // Binary search for the first point ≥ us; the nearest is it or the one before.
  let lo = 0;
  let hi = points.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (points[mid] < us) lo = mid + 1;
    else hi = mid;
  }
  for (const i of [lo - 1, lo]) {
    if (i < 0 || i >= points.length) continue;
    const dist = Math.abs(points[i] - us);
    if (dist <= bestDist && (best === null || dist < bestDist)) {
      best = points[i];
      bestDist = dist;
    }
  }
  if (gridUs) {
    const g = Math.round(us / gridUs) * gridUs;
    const dist = Math.abs(g - us);
    if (dist < bestDist || (best === null && dist <= bestDist)) best = g;
  }
  return best;
}

/** `us` moved onto the nearest target within `thresholdUs`, else unchanged. */
export function snapTime(us: number, targets: SnapTargets | readonly number[], thresholdUs: number): number {
  return snapTarget(us, targets, thresholdUs) ?? us;
}

/**
 * The drag delta adjusted so the moving clips' nearest edge (start or end) lands on a target within
 * `thresholdUs`; unchanged if none is close. Build `targets` with the moving clips excluded.
 */
export function snapMoveDelta(
  t: StudioTimeline,
  ids: readonly string[],
  deltaUs: number,
  targets: SnapTargets,
  thresholdUs: number,
): number {
  const idSet = new Set(ids);
  let best: number | null = null;
  for (const c of t.clips) {
    if (!idSet.has(c.id)) continue;
    for (const edge of [c.start + deltaUs, clipEnd(c) + deltaUs]) {
      const target = snapTarget(edge, targets, thresholdUs);
      if (target === null) continue;
      const corr = target - edge;
      if (best === null || Math.abs(corr) < Math.abs(best)) best = corr;
    }
  }
  return toUs(deltaUs + (best ?? 0));
}

/** Ids of the clips a marquee from `fromUs` to `toUs` over `trackIds` (all when omitted) touches. */
export function clipsInRange(
  t: StudioTimeline,
  range: { fromUs: number; toUs: number; trackIds?: readonly string[] | null },
): string[] {
  const from = Math.min(range.fromUs, range.toUs);
  const to = Math.max(range.fromUs, range.toUs);
  const tracks = range.trackIds ? new Set(range.trackIds) : null;
  return t.clips
    .filter((c) => {
      if (tracks && !tracks.has(c.trackId)) return false;
      if (from === to) return c.start <= from && from < clipEnd(c);
      return c.start < to && clipEnd(c) > from;
    })
    .map((c) => c.id);
}

export function timelineDuration(t: StudioTimeline): number {
  let end = 0;
  for (const c of t.clips) end = Math.max(end, clipEnd(c));
  return end;
}
