// The Studio timeline model: pure functions over StudioTimeline (lib/studio/types.ts) shared by the
// editor (through components/studio/store.ts), the server's save path (normalizeTimeline), the export
// and the draft writer (audibleClips, toAudioInfos), so all of them agree on what the timeline means.
// Every op returns a new timeline without mutating its input, and returns the SAME object when
// nothing changes: the store relies on that identity to skip empty undo entries.
// Rules every op keeps: integer µs; start ≥ 0; 0 ≤ sourceStart, sourceStart + duration ≤ the media's
// length; duration ≥ 1; fadeIn + fadeOut ≤ duration; 0 ≤ volume ≤ 1; clips of one track never
// overlap (an op that would overlap goes to the nearest free gap, or is refused).
import { findFreeStart, nearestFreeDelta, type Span, spansByTrack } from "./gaps";
import {
  clamp,
  clipEnd,
  fitFades,
  MAX_TIMELINE_US,
  MAX_TRACK_NAME,
  MIN_CLIP_US,
  mediaLength,
  newId,
  replaceClips,
  toUs,
  trackIndexMap,
} from "./model-core";
import { normalizeClip } from "./normalize";
import type { MediaRef, StudioClip, StudioMediaInfo, StudioTimeline, StudioTrack } from "./types";

export { findFreeStart, nearestFreeDelta } from "./gaps";
export { clipEnd, MAX_TIMELINE_US, MAX_TRACK_NAME, MIN_CLIP_US, mediaLength, newId } from "./model-core";
export {
  audibleClips,
  audibleTrackIds,
  isNormalized,
  normalizeClip,
  normalizeTimeline,
  toAudioInfos,
} from "./normalize";
export {
  clipsInRange,
  type SnapTargets,
  snapMoveDelta,
  snapTarget,
  snapTargets,
  snapTime,
  timelineDuration,
} from "./snap";

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
