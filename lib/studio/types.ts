// Studio's timeline document: what the editor edits, the server stores (StudioProject.timeline),
// the export renders and the draft writer writes. Pure data, shared by browser and server (no
// "server-only" here). Every time is an integer number of microseconds, as in JianYing drafts and
// add_audios; seconds appear only at the Web Audio and ffmpeg boundaries.

/**
 * A media item of the team's library, named by kind and row id:
 * `upload:<Upload.id>` (uploads, links fetched, short-video saves), `file:<OrderFile.id>` (order
 * stems, music results, Studio exports), `material:<DraftMaterial.id>` (audio already in a draft).
 * The server resolves a ref to a file only after checking it belongs to the caller's team.
 */
export type MediaRef = `${"upload" | "file" | "material"}:${string}`;

export type StudioTrack = {
  id: string;
  name: string;
  muted: boolean;
  solo: boolean;
};

export type StudioClip = {
  id: string;
  trackId: string;
  media: MediaRef;
  /** Timeline position, µs, ≥ 0. */
  start: number;
  /** Source in-point, µs, ≥ 0 (a left-edge trim moves it). */
  sourceStart: number;
  /** Length on the timeline and in the source, µs, > 0; sourceStart + duration ≤ the media's length. */
  duration: number;
  /** 0–1, the add_audios range. */
  volume: number;
  /** Fade lengths, µs; fadeIn + fadeOut ≤ duration. Linear ramps (JianYing has one fade shape). */
  fadeIn: number;
  fadeOut: number;
};

/** What the timeline knows of each media item it uses (so lengths clamp without a server call). */
export type StudioMediaInfo = { name: string; durationUs: number };

export type StudioTimeline = {
  schemaVersion: 1;
  tracks: StudioTrack[];
  /** Clips of one track never overlap (a JianYing track cannot hold overlapping segments). */
  clips: StudioClip[];
  media: Record<MediaRef, StudioMediaInfo>;
};

/** A clip as it sounds: mute/solo resolved, fades clamped. Preview, export and draft writer all use this. */
export type AudibleClip = Omit<StudioClip, "trackId"> & { trackIndex: number };

export const US_PER_SECOND = 1_000_000;

/** Mixdesk's audio_infos element: the add_audios fields plus `source_start` (µs, a Mixdesk extension). */
export type AudioInfo = {
  audio_url: string;
  start: number;
  end: number;
  duration: number;
  volume: number;
  fade_in: number;
  fade_out: number;
  source_start?: number;
};
