// Normalization and the audible mix for the Studio model (see lib/studio/model.ts): what the server
// runs on every save, and what preview, export and the draft writer all render.
import { insertSorted, nearestFreeDelta, overlapsSorted, type Span } from "./gaps";
import {
  clamp,
  clipEnd,
  fitFades,
  MAX_TIMELINE_US,
  MAX_TRACK_NAME,
  mediaLength,
  sameClip,
  toUs,
  trackIndexMap,
} from "./model-core";
import type { AudibleClip, AudioInfo, MediaRef, StudioClip, StudioTimeline, StudioTrack } from "./types";

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
