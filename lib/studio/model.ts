// The Studio timeline model: pure functions over StudioTimeline (lib/studio/types.ts) shared by the
// editor (through components/studio/store.ts), the server's save path (normalizeTimeline), the export
// and the draft writer (audibleClips, toAudioInfos), so all of them agree on what the timeline means.
// Every op returns a new timeline without mutating its input, and returns the SAME object when
// nothing changes: the store relies on that identity to skip empty undo entries.
// Rules every op keeps: integer µs; start ≥ 0; 0 ≤ sourceStart, sourceStart + duration ≤ the media's
// length; duration ≥ 1; fadeIn + fadeOut ≤ duration; 0 ≤ volume ≤ 1; clips of one track never
// overlap (an op that would overlap goes to the nearest free gap, or is refused).
import type {
  AudibleClip,
  AudioInfo,
  MediaRef,
  StudioClip,
  StudioMediaInfo,
  StudioTimeline,
  StudioTrack,
} from "./types";

/** Nothing is placed past this (24 h): the bound that makes "no free gap" possible at all. */
export const MAX_TIMELINE_US = 24 * 3600 * 1_000_000;
/** Trims and splits never make a clip shorter than this (unless it already was). */
export const MIN_CLIP_US = 10_000;
export const MAX_TRACK_NAME = 200;

// ---------------------------------------------------------------------------------------------
// Small helpers

const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
/** Integer µs from any number (pixels → µs conversions hand floats in); NaN → fallback. */
const toUs = (v: number, fallback = 0) => (Number.isFinite(v) ? Math.round(v) : fallback);

// ids must work outside secure contexts too (crypto.randomUUID does not on plain-http LAN hosts).
const ID_ALPHABET = "0123456789abcdefghijklmnopqrstuvwxyz";
export function newId(prefix: string): string {
  const bytes = new Uint8Array(12);
  globalThis.crypto.getRandomValues(bytes);
  let s = "";
  for (const b of bytes) s += ID_ALPHABET[b % 36];
  return `${prefix}_${s}`;
}

/** The media's length in µs; unknown media does not bound anything. */
export function mediaLength(t: StudioTimeline, ref: MediaRef): number {
  const d = t.media[ref]?.durationUs;
  return typeof d === "number" && Number.isFinite(d) && d > 0 ? Math.round(d) : Number.POSITIVE_INFINITY;
}

export const clipEnd = (c: Pick<StudioClip, "start" | "duration">) => c.start + c.duration;

function trackIndexMap(t: StudioTimeline): Map<string, number> {
  return new Map(t.tracks.map((tr, i) => [tr.id, i]));
}

/** Fades that fit in `duration`; `keep` says which fade wins when both do not fit. */
function fitFades(fadeIn: number, fadeOut: number, duration: number, keep: "in" | "out" = "in") {
  if (keep === "in") {
    const fi = clamp(toUs(fadeIn), 0, duration);
    return { fadeIn: fi, fadeOut: clamp(toUs(fadeOut), 0, duration - fi) };
  }
  const fo = clamp(toUs(fadeOut), 0, duration);
  return { fadeIn: clamp(toUs(fadeIn), 0, duration - fo), fadeOut: fo };
}

function sameClip(a: StudioClip, b: StudioClip): boolean {
  return (
    a.id === b.id &&
    a.trackId === b.trackId &&
    a.media === b.media &&
    a.start === b.start &&
    a.sourceStart === b.sourceStart &&
    a.duration === b.duration &&
    a.volume === b.volume &&
    a.fadeIn === b.fadeIn &&
    a.fadeOut === b.fadeOut
  );
}

/** Replace clips by id; the same timeline when every replacement equals the original. */
function replaceClips(t: StudioTimeline, next: Map<string, StudioClip>): StudioTimeline {
  let changed = false;
  const clips = t.clips.map((c) => {
    const n = next.get(c.id);
    if (!n || sameClip(c, n)) return c;
    changed = true;
    return n;
  });
  return changed ? { ...t, clips } : t;
}

// ---------------------------------------------------------------------------------------------
// Free-gap placement. A rigid group of clips moves by one delta d; clip c overlaps a fixed clip s on
// its destination track exactly when d lies in the open interval (s.start − end(c), end(s) − c.start).
// The answer is the allowed delta nearest the wanted one: from the wanted delta, jump past the
// union of the intervals that contain it, rightwards and leftwards, until a delta is free.

type Span = { start: number; end: number };

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
function overlapsSorted(spans: readonly Span[], start: number, end: number): boolean {
  const i = lowerBound(spans, start);
  if (i > 0 && spans[i - 1].end > start) return true;
  return i < spans.length && spans[i].start < end;
}

function insertSorted(spans: Span[], span: Span) {
  spans.splice(lowerBound(spans, span.start), 0, span);
}

/** Each track's clips (but `exclude`) as spans sorted by start: the `fixed` lists nearestFreeDelta takes. */
function spansByTrack(t: StudioTimeline, exclude?: ReadonlySet<string>): Map<string, Span[]> {
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

// ---------------------------------------------------------------------------------------------
// Tracks

export function emptyTimeline(firstTrackName = "Track 1"): StudioTimeline {
  return {
    schemaVersion: 1,
    tracks: [{ id: newId("t"), name: firstTrackName, muted: false, solo: false }],
    clips: [],
    media: {},
  };
}

export function addTrack(t: StudioTimeline, name?: string): StudioTimeline {
  const clean = (name ?? "").trim().slice(0, MAX_TRACK_NAME) || `Track ${t.tracks.length + 1}`;
  return { ...t, tracks: [...t.tracks, { id: newId("t"), name: clean, muted: false, solo: false }] };
}

export function renameTrack(t: StudioTimeline, id: string, name: string): StudioTimeline {
  const clean = name.trim().slice(0, MAX_TRACK_NAME);
  const track = t.tracks.find((tr) => tr.id === id);
  if (!track || !clean || track.name === clean) return t;
  return { ...t, tracks: t.tracks.map((tr) => (tr.id === id ? { ...tr, name: clean } : tr)) };
}

export function setTrackFlags(
  t: StudioTimeline,
  id: string,
  flags: { muted?: boolean; solo?: boolean },
): StudioTimeline {
  const track = t.tracks.find((tr) => tr.id === id);
  if (!track) return t;
  const next: StudioTrack = { ...track, muted: flags.muted ?? track.muted, solo: flags.solo ?? track.solo };
  if (next.muted === track.muted && next.solo === track.solo) return t;
  return { ...t, tracks: t.tracks.map((tr) => (tr.id === id ? next : tr)) };
}

/** Removes the track and its clips. */
export function removeTrack(t: StudioTimeline, id: string): StudioTimeline {
  if (!t.tracks.some((tr) => tr.id === id)) return t;
  return { ...t, tracks: t.tracks.filter((tr) => tr.id !== id), clips: t.clips.filter((c) => c.trackId !== id) };
}

/** Moves a track to another index (header drag). */
export function moveTrack(t: StudioTimeline, id: string, toIndex: number): StudioTimeline {
  const from = t.tracks.findIndex((tr) => tr.id === id);
  if (from < 0) return t;
  const to = clamp(Math.round(toIndex), 0, t.tracks.length - 1);
  if (to === from) return t;
  const tracks = [...t.tracks];
  const [tr] = tracks.splice(from, 1);
  tracks.splice(to, 0, tr);
  return { ...t, tracks };
}

// ---------------------------------------------------------------------------------------------
// Clips

export type AddClipInput = {
  media: MediaRef;
  info: StudioMediaInfo;
  trackId: string;
  start: number;
  sourceStart?: number;
  duration?: number;
};

/** Adds a clip at the nearest free gap to `start`; clipId null (timeline unchanged) when refused. */
export function addClip(t: StudioTimeline, input: AddClipInput): { timeline: StudioTimeline; clipId: string | null } {
  if (!t.tracks.some((tr) => tr.id === input.trackId)) return { timeline: t, clipId: null };
  // A length already recorded wins: other clips of this media were clamped to it.
  const knownLen = mediaLength(t, input.media);
  const known = Number.isFinite(knownLen);
  const len = known ? knownLen : Math.max(1, toUs(input.info.durationUs, 1));
  const sourceStart = clamp(toUs(input.sourceStart ?? 0), 0, len - 1);
  const duration = clamp(toUs(input.duration ?? len - sourceStart, len - sourceStart), 1, len - sourceStart);
  const start = findFreeStart(t, input.trackId, Math.max(0, toUs(input.start)), duration);
  if (start === null) return { timeline: t, clipId: null };
  const clip: StudioClip = {
    id: newId("c"),
    trackId: input.trackId,
    media: input.media,
    start,
    sourceStart,
    duration,
    volume: 1,
    fadeIn: 0,
    fadeOut: 0,
  };
  const media = known ? t.media : { ...t.media, [input.media]: { name: input.info.name, durationUs: len } };
  return { timeline: { ...t, media, clips: [...t.clips, clip] }, clipId: clip.id };
}

/**
 * Moves the clips as one rigid group by `deltaUs` and `trackDelta` tracks. The track delta is
 * clamped so the group stays on existing tracks, times are clamped at 0, and an overlap with a clip
 * that is not moving sends the group to the nearest delta where it fits; refused when none does.
 */
export function moveClips(t: StudioTimeline, ids: readonly string[], deltaUs: number, trackDelta = 0): StudioTimeline {
  const idSet = new Set(ids);
  const moving = t.clips.filter((c) => idSet.has(c.id));
  if (moving.length === 0) return t;
  const index = trackIndexMap(t);
  const idxs = moving.map((c) => index.get(c.trackId) ?? 0);
  const td = clamp(Math.round(trackDelta) || 0, -Math.min(...idxs), t.tracks.length - 1 - Math.max(...idxs));
  const minStart = Math.min(...moving.map((c) => c.start));
  const maxEnd = Math.max(...moving.map(clipEnd));
  const fixedByTrack = spansByTrack(t, idSet);
  const destTrack = idxs.map((idx) => t.tracks[idx + td].id);
  const d = nearestFreeDelta(
    moving.map((c, i) => ({ span: { start: c.start, end: clipEnd(c) }, fixed: fixedByTrack.get(destTrack[i]) ?? [] })),
    toUs(deltaUs),
    -minStart,
    MAX_TIMELINE_US - maxEnd,
  );
  if (d === null || (d === 0 && td === 0)) return t;
  const next = new Map(moving.map((c, i) => [c.id, { ...c, start: c.start + d, trackId: destTrack[i] }]));
  return replaceClips(t, next);
}

function neighbours(t: StudioTimeline, clip: StudioClip) {
  let prevEnd = 0;
  let nextStart = MAX_TIMELINE_US;
  for (const c of t.clips) {
    if (c.trackId !== clip.trackId || c.id === clip.id) continue;
    if (clipEnd(c) <= clip.start) prevEnd = Math.max(prevEnd, clipEnd(c));
    else if (c.start >= clipEnd(clip)) nextStart = Math.min(nextStart, c.start);
  }
  return { prevEnd, nextStart };
}

/**
 * Moves the clip's left edge to `newStartUs` keeping its right edge: the source in-point moves with
 * it. Clamped at 0, at the media's start, at the previous clip on the track and at a minimum length.
 */
export function trimClipStart(t: StudioTimeline, id: string, newStartUs: number): StudioTimeline {
  const clip = t.clips.find((c) => c.id === id);
  if (!clip) return t;
  const end = clipEnd(clip);
  const { prevEnd } = neighbours(t, clip);
  const lo = Math.max(0, clip.start - clip.sourceStart, prevEnd);
  const hi = end - Math.min(MIN_CLIP_US, clip.duration);
  const start = clamp(toUs(newStartUs, clip.start), Math.min(lo, hi), hi);
  if (start === clip.start) return t;
  const duration = end - start;
  const sourceStart = clip.sourceStart + (start - clip.start);
  const fades = fitFades(clip.fadeIn, clip.fadeOut, duration, "out");
  return replaceClips(t, new Map([[id, { ...clip, start, sourceStart, duration, ...fades }]]));
}

/**
 * Moves the clip's right edge to `newEndUs` (the source out-point). Clamped at the media's end, at the
 * next clip on the track and at a minimum length.
 */
export function trimClipEnd(t: StudioTimeline, id: string, newEndUs: number): StudioTimeline {
  const clip = t.clips.find((c) => c.id === id);
  if (!clip) return t;
  const { nextStart } = neighbours(t, clip);
  const lo = clip.start + Math.min(MIN_CLIP_US, clip.duration);
  const hi = Math.min(clip.start + (mediaLength(t, clip.media) - clip.sourceStart), nextStart);
  const end = clamp(toUs(newEndUs, clipEnd(clip)), lo, Math.max(lo, hi));
  if (end === clipEnd(clip)) return t;
  const duration = end - clip.start;
  const fades = fitFades(clip.fadeIn, clip.fadeOut, duration, "in");
  return replaceClips(t, new Map([[id, { ...clip, duration, ...fades }]]));
}

/** Splits at `atUs` and returns the ids of the new right-hand pieces. */
export function splitClipsWithIds(
  t: StudioTimeline,
  ids: readonly string[],
  atUs: number,
): { timeline: StudioTimeline; clipIds: string[] } {
  const at = toUs(atUs);
  const idSet = new Set(ids);
  const clips: StudioClip[] = [];
  const created: string[] = [];
  for (const c of t.clips) {
    const chosen = ids.length === 0 || idSet.has(c.id);
    if (!chosen || at <= c.start || at >= clipEnd(c)) {
      clips.push(c);
      continue;
    }
    const leftDur = at - c.start;
    const rightDur = c.duration - leftDur;
    const left: StudioClip = { ...c, duration: leftDur, fadeIn: Math.min(c.fadeIn, leftDur), fadeOut: 0 };
    const right: StudioClip = {
      ...c,
      id: newId("c"),
      start: at,
      sourceStart: c.sourceStart + leftDur,
      duration: rightDur,
      fadeIn: 0,
      fadeOut: Math.min(c.fadeOut, rightDur),
    };
    clips.push(left, right);
    created.push(right.id);
  }
  if (created.length === 0) return { timeline: t, clipIds: [] };
  return { timeline: { ...t, clips }, clipIds: created };
}

/** Splits the given clips (ids empty → every clip) under `atUs`; pieces keep their fade on their side. */
export function splitClips(t: StudioTimeline, ids: readonly string[], atUs: number): StudioTimeline {
  return splitClipsWithIds(t, ids, atUs).timeline;
}

/**
 * Copies of the clips placed right after the selection (same tracks, same spacing), moved as a group
 * to the nearest free gap; returns the new clips' ids (empty when refused).
 */
export function duplicateClipsWithIds(
  t: StudioTimeline,
  ids: readonly string[],
): { timeline: StudioTimeline; clipIds: string[] } {
  const idSet = new Set(ids);
  const originals = t.clips.filter((c) => idSet.has(c.id));
  if (originals.length === 0) return { timeline: t, clipIds: [] };
  const minStart = Math.min(...originals.map((c) => c.start));
  const maxEnd = Math.max(...originals.map(clipEnd));
  const fixedByTrack = spansByTrack(t);
  const d = nearestFreeDelta(
    originals.map((c) => ({ span: { start: c.start, end: clipEnd(c) }, fixed: fixedByTrack.get(c.trackId) ?? [] })),
    maxEnd - minStart,
    -minStart,
    MAX_TIMELINE_US - maxEnd,
  );
  if (d === null) return { timeline: t, clipIds: [] };
  const copies = originals.map((c) => ({ ...c, id: newId("c"), start: c.start + d }));
  return { timeline: { ...t, clips: [...t.clips, ...copies] }, clipIds: copies.map((c) => c.id) };
}

export function duplicateClips(t: StudioTimeline, ids: readonly string[]): StudioTimeline {
  return duplicateClipsWithIds(t, ids).timeline;
}

/**
 * Pastes clipboard clips (from any timeline) with the earliest at `atUs`, keeping their spacing and
 * their track offsets relative to `trackId`; same gap rule as duplicate. Media infos come along.
 */
export function pasteClips(
  t: StudioTimeline,
  clipboard: { clips: readonly StudioClip[]; media: StudioTimeline["media"]; trackIds: readonly string[] },
  atUs: number,
  trackId: string,
): { timeline: StudioTimeline; clipIds: string[] } {
  const base = t.tracks.findIndex((tr) => tr.id === trackId);
  if (base < 0 || clipboard.clips.length === 0) return { timeline: t, clipIds: [] };
  const firstIdx = Math.min(...clipboard.clips.map((c) => Math.max(0, clipboard.trackIds.indexOf(c.trackId))));
  const minStart = Math.min(...clipboard.clips.map((c) => c.start));
  const placed = clipboard.clips.map((c) => {
    const rel = Math.max(0, clipboard.trackIds.indexOf(c.trackId)) - firstIdx;
    const track = t.tracks[Math.min(t.tracks.length - 1, base + rel)];
    return { ...c, id: newId("c"), trackId: track.id, start: c.start - minStart };
  });
  // Two pasted clips may land on one track when the timeline has fewer tracks: refuse rather than overlap.
  const byTrack = new Map<string, Span[]>();
  for (const c of placed) {
    const list = byTrack.get(c.trackId) ?? [];
    if (list.some((s) => c.start < s.end && clipEnd(c) > s.start)) return { timeline: t, clipIds: [] };
    list.push({ start: c.start, end: clipEnd(c) });
    byTrack.set(c.trackId, list);
  }
  const media = { ...t.media };
  for (const c of placed) if (!media[c.media] && clipboard.media[c.media]) media[c.media] = clipboard.media[c.media];
  const withMedia = { ...t, media };
  const fixedByTrack = spansByTrack(t);
  const maxEnd = Math.max(...placed.map(clipEnd));
  const d = nearestFreeDelta(
    placed.map((c) => ({ span: { start: c.start, end: clipEnd(c) }, fixed: fixedByTrack.get(c.trackId) ?? [] })),
    Math.max(0, toUs(atUs)),
    0,
    MAX_TIMELINE_US - maxEnd,
  );
  if (d === null) return { timeline: t, clipIds: [] };
  const clips = placed.map((c) => normalizeClip(withMedia, { ...c, start: c.start + d }));
  return { timeline: { ...withMedia, clips: [...t.clips, ...clips] }, clipIds: clips.map((c) => c.id) };
}

export function deleteClips(t: StudioTimeline, ids: readonly string[]): StudioTimeline {
  const idSet = new Set(ids);
  const clips = t.clips.filter((c) => !idSet.has(c.id));
  return clips.length === t.clips.length ? t : { ...t, clips };
}

/** Volume clamped to 0–1; fades clamped so fadeIn + fadeOut ≤ duration (the one not being set wins). */
export function setClipProps(
  t: StudioTimeline,
  id: string,
  props: { volume?: number; fadeIn?: number; fadeOut?: number },
): StudioTimeline {
  const clip = t.clips.find((c) => c.id === id);
  if (!clip) return t;
  const volume = props.volume === undefined || !Number.isFinite(props.volume) ? clip.volume : clamp(props.volume, 0, 1);
  let fadeIn = props.fadeIn === undefined ? clip.fadeIn : clamp(toUs(props.fadeIn, clip.fadeIn), 0, clip.duration);
  let fadeOut = props.fadeOut === undefined ? clip.fadeOut : clamp(toUs(props.fadeOut, clip.fadeOut), 0, clip.duration);
  if (fadeIn + fadeOut > clip.duration) {
    if (props.fadeIn !== undefined && props.fadeOut === undefined) fadeIn = clip.duration - fadeOut;
    else fadeOut = clip.duration - fadeIn;
  }
  return replaceClips(t, new Map([[id, { ...clip, volume, fadeIn, fadeOut }]]));
}

// ---------------------------------------------------------------------------------------------
// Snapping and selection

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

// ---------------------------------------------------------------------------------------------
// What is heard, and what is sent

/** Ids of the tracks that sound: muted never; when any track is solo, only solo tracks. */
export function audibleTrackIds(t: StudioTimeline): Set<string> {
  const anySolo = t.tracks.some((tr) => tr.solo);
  return new Set(t.tracks.filter((tr) => !tr.muted && (!anySolo || tr.solo)).map((tr) => tr.id));
}

/**
 * The clips as they sound, sorted by track then start. `trackIndex` is the track's index in
 * `t.tracks` (so it names the editor's track; silent tracks leave gaps in the numbering).
 */
export function audibleClips(t: StudioTimeline): AudibleClip[] {
  const audible = audibleTrackIds(t);
  const index = trackIndexMap(t);
  return t.clips
    .filter((c) => audible.has(c.trackId))
    .map((c) => {
      const { trackId, ...rest } = normalizeClip(t, c);
      return { ...rest, trackIndex: index.get(trackId) ?? 0 };
    })
    .sort((a, b) => a.trackIndex - b.trackIndex || a.start - b.start);
}

/**
 * add_audios' `audio_infos` for the audible clips: `duration` is the media's full length, `end` =
 * start + clip length, `source_start` (Mixdesk extension) only when the clip is left-trimmed.
 */
export function toAudioInfos(t: StudioTimeline, urlFor: (ref: MediaRef) => string): AudioInfo[] {
  return audibleClips(t).map((c) => {
    const len = mediaLength(t, c.media);
    const info: AudioInfo = {
      audio_url: urlFor(c.media),
      start: c.start,
      end: c.start + c.duration,
      duration: Number.isFinite(len) ? len : c.sourceStart + c.duration,
      volume: c.volume,
      fade_in: c.fadeIn,
      fade_out: c.fadeOut,
    };
    if (c.sourceStart > 0) info.source_start = c.sourceStart;
    return info;
  });
}

// ---------------------------------------------------------------------------------------------
// Normalization (the server runs it on every save)

/** One clip clamped to the rules (placement on its track is not checked here). */
export function normalizeClip(t: StudioTimeline, c: StudioClip): StudioClip {
  const len = mediaLength(t, c.media);
  const duration = clamp(toUs(c.duration, 1), 1, Number.isFinite(len) ? len : MAX_TIMELINE_US);
  const sourceStart = clamp(toUs(c.sourceStart), 0, Number.isFinite(len) ? len - duration : MAX_TIMELINE_US);
  const start = clamp(toUs(c.start), 0, MAX_TIMELINE_US - duration);
  const volume = Number.isFinite(c.volume) ? clamp(c.volume, 0, 1) : 1;
  const fades = fitFades(
    Number.isFinite(c.fadeIn) ? c.fadeIn : 0,
    Number.isFinite(c.fadeOut) ? c.fadeOut : 0,
    duration,
  );
  const next = { ...c, start, sourceStart, duration, volume, ...fades };
  return sameClip(c, next) ? c : next;
}

/**
 * Clamps every clip (no negative or fractional times, in-points within the media, fades within the
 * clip, volume 0–1), drops clips on unknown tracks and duplicate ids, and resolves overlaps by
 * placing clips in start order, each at the nearest free gap on its track (dropped if none fits).
 * The same object when the timeline already follows the rules.
 */
export function normalizeTimeline(t: StudioTimeline): StudioTimeline {
  const trackIds = new Set<string>();
  let changed = false;
  const tracks: StudioTrack[] = [];
  for (const tr of t.tracks) {
    if (trackIds.has(tr.id)) {
      changed = true;
      continue;
    }
    trackIds.add(tr.id);
    const name = String(tr.name ?? "").slice(0, MAX_TRACK_NAME) || `Track ${tracks.length + 1}`;
    const next = { id: tr.id, name, muted: tr.muted === true, solo: tr.solo === true };
    const same = next.name === tr.name && next.muted === tr.muted && next.solo === tr.solo;
    if (!same) changed = true;
    tracks.push(same ? tr : next);
  }
  const seen = new Set<string>();
  const candidates: { clip: StudioClip; order: number }[] = [];
  t.clips.forEach((c, order) => {
    if (!trackIds.has(c.trackId) || seen.has(c.id)) {
      changed = true;
      return;
    }
    seen.add(c.id);
    const n = normalizeClip(t, c);
    if (n !== c) changed = true;
    candidates.push({ clip: n, order });
  });
  // Place in start order (ties: document order) so an earlier clip keeps its spot.
  const byStart = [...candidates].sort((a, b) => a.clip.start - b.clip.start || a.order - b.order);
  const placedByTrack = new Map<string, Span[]>();
  const placed = new Map<number, StudioClip>();
  for (const { clip, order } of byStart) {
    const fixed = placedByTrack.get(clip.trackId) ?? [];
    placedByTrack.set(clip.trackId, fixed);
    let moved = clip;
    // The usual case (no overlap) stays O(log n); only an overlap pays for the gap search.
    if (overlapsSorted(fixed, clip.start, clipEnd(clip))) {
      const d = nearestFreeDelta(
        [{ span: { start: clip.start, end: clipEnd(clip) }, fixed }],
        0,
        -clip.start,
        MAX_TIMELINE_US - clipEnd(clip),
      );
      if (d === null) {
        changed = true;
        continue;
      }
      moved = { ...clip, start: clip.start + d };
      changed = true;
    }
    insertSorted(fixed, { start: moved.start, end: clipEnd(moved) });
    placed.set(order, moved);
  }
  if (!changed) return t;
  const clips = candidates.filter(({ order }) => placed.has(order)).map(({ order }) => placed.get(order)!);
  return { ...t, tracks, clips };
}

/** Whether the timeline follows every rule (tests and assertions). */
export function isNormalized(t: StudioTimeline): boolean {
  return normalizeTimeline(t) === t;
}
