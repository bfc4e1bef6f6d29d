// The shared pieces of the Studio timeline model (lib/studio/model.ts is the public entry): limits,
// integer-µs conversion, ids, media length and the clip helpers every op uses.
import type { MediaRef, StudioClip, StudioTimeline } from "./types";

/** Nothing is placed past this (24 h): the bound that makes "no free gap" possible at all. */
export const MAX_TIMELINE_US = 24 * 3600 * 1_000_000;
/** Trims never make a clip shorter than this (unless it already was); a split may. */
export const MIN_CLIP_US = 10_000;
export const MAX_TRACK_NAME = 200;

export const clamp = (v: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, v));
/** Integer µs from any number (pixels → µs conversions hand floats in); NaN → fallback. */
export const toUs = (v: number, fallback = 0) => (Number.isFinite(v) ? Math.round(v) : fallback);

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

export function trackIndexMap(t: StudioTimeline): Map<string, number> {
  return new Map(t.tracks.map((tr, i) => [tr.id, i]));
}

/** Fades that fit in `duration`; `keep` says which fade wins when both do not fit. */
export function fitFades(fadeIn: number, fadeOut: number, duration: number, keep: "in" | "out" = "in") {
  if (keep === "in") {
    const fi = clamp(toUs(fadeIn), 0, duration);
    return { fadeIn: fi, fadeOut: clamp(toUs(fadeOut), 0, duration - fi) };
  }
  const fo = clamp(toUs(fadeOut), 0, duration);
  return { fadeIn: clamp(toUs(fadeIn), 0, duration - fo), fadeOut: fo };
}

export function sameClip(a: StudioClip, b: StudioClip): boolean {
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
export function replaceClips(t: StudioTimeline, next: Map<string, StudioClip>): StudioTimeline {
  let changed = false;
  const clips = t.clips.map((c) => {
    const n = next.get(c.id);
    if (!n || sameClip(c, n)) return c;
    changed = true;
    return n;
  });
  return changed ? { ...t, clips } : t;
}
