// The draft's timeline as Mixdesk stores it (Draft.timeline JSON), and placing a call's clips on
// new audio tracks: overlapping clips are spread over as few tracks as the overlap needs.
import { randomUUID } from "node:crypto";
import type { TextTrack } from "@/lib/drafts/text-track";

export type Segment = {
  id: string;
  materialId: string;
  /** Timeline start and length, µs; the source plays from `sourceStart` for `duration`. */
  start: number;
  duration: number;
  /** Source in-point, µs (Studio's left trim, add_audios' `source_start`); drafts written before it read as 0. */
  sourceStart?: number;
  volume: number;
  fadeIn: number;
  fadeOut: number;
  speedId: string;
  /** The audio_fades entry, when a fade is set. */
  fadeId: string | null;
};

export type Track = { id: string; segments: Segment[] };
/** Caption tracks (add_captions, "Send to a draft"): kept apart so audio writers never see them. */
export type Timeline = { tracks: Track[]; texts?: TextTrack[] };

export const emptyTimeline = (): Timeline => ({ tracks: [] });

export const newId = () => randomUUID().toUpperCase();

export function parseTimeline(json: string): Timeline {
  const t = JSON.parse(json) as Timeline;
  const tracks = Array.isArray(t.tracks) ? t.tracks : [];
  return Array.isArray(t.texts) && t.texts.length ? { tracks, texts: t.texts } : { tracks };
}

export type Placed = { start: number; duration: number };

/**
 * Interval partitioning: clips in start order each take the first track that is free by then, so
 * the number of tracks equals the largest number of clips overlapping at one instant. Touching
 * clips (one ends where the next starts) share a track. Returns each clip's track index, in input order.
 */
export function packTracks(clips: Placed[]): { trackOf: number[]; trackCount: number } {
  const order = clips.map((_, i) => i).sort((a, b) => clips[a].start - clips[b].start || a - b);
  const trackEnds: number[] = [];
  const trackOf = new Array<number>(clips.length);
  for (const i of order) {
    const { start, duration } = clips[i];
    let t = trackEnds.findIndex((end) => end <= start);
    if (t === -1) t = trackEnds.push(0) - 1;
    trackEnds[t] = start + duration;
    trackOf[i] = t;
  }
  return { trackOf, trackCount: trackEnds.length };
}

/** Adds `segments` on new tracks; returns the new tracks (already appended to `timeline`). */
export function addOnNewTracks(timeline: Timeline, segments: Segment[]): Track[] {
  const { trackOf, trackCount } = packTracks(segments);
  const tracks: Track[] = Array.from({ length: trackCount }, () => ({ id: newId(), segments: [] }));
  segments.forEach((s, i) => tracks[trackOf[i]].segments.push(s));
  for (const t of tracks) t.segments.sort((a, b) => a.start - b.start);
  timeline.tracks.push(...tracks);
  return tracks;
}

/** The latest segment end, audio or caption (the draft's duration). */
export const timelineDuration = (t: Timeline) =>
  [...t.tracks, ...(t.texts ?? [])].reduce(
    (max, tr) => tr.segments.reduce((m: number, s: Placed) => Math.max(m, s.start + s.duration), max),
    0,
  );
