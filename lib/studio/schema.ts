// The zod schema of a StudioTimeline as it arrives in a request body (project save, apply, export).
// It checks shape and limits only; the rules between fields (media length, fades within the clip,
// overlaps) are normalizeTimeline's job, and team ownership of refs is resolveMedia's. Shared by
// browser and server: no server imports.
import { z } from "zod";
import { MAX_TIMELINE_US, MAX_TRACK_NAME } from "./model-core";
import type { MediaRef, StudioTimeline } from "./types";

export const MAX_TRACKS = 64;
export const MAX_CLIPS = 5_000;
export const MAX_MEDIA = 5_000;

// The same shape lib/library/resolve.ts accepts (that module is server-only).
const MEDIA_REF = /^(upload|file|material):[A-Za-z0-9_-]{1,64}$/;
const ID = /^[A-Za-z0-9_-]{1,64}$/;

export const mediaRefSchema = z
  .string()
  .regex(MEDIA_REF, "Invalid media ref")
  .transform((s) => s as MediaRef);

const us = z.number().int().min(0).max(MAX_TIMELINE_US);

export const studioTrackSchema = z.object({
  id: z.string().regex(ID),
  name: z.string().trim().min(1).max(MAX_TRACK_NAME),
  muted: z.boolean(),
  solo: z.boolean(),
});

export const studioClipSchema = z.object({
  id: z.string().regex(ID),
  trackId: z.string().regex(ID),
  media: mediaRefSchema,
  start: us,
  sourceStart: us,
  duration: us.min(1),
  volume: z.number().min(0).max(1),
  fadeIn: us,
  fadeOut: us,
});

export const studioMediaInfoSchema = z.object({
  name: z.string().max(500),
  durationUs: z.number().int().min(1).max(MAX_TIMELINE_US),
});

export const studioTimelineSchema = z
  .object({
    schemaVersion: z.literal(1),
    tracks: z.array(studioTrackSchema).max(MAX_TRACKS),
    clips: z.array(studioClipSchema).max(MAX_CLIPS),
    media: z
      .record(z.string().regex(MEDIA_REF, "Invalid media ref"), studioMediaInfoSchema)
      .refine((m) => Object.keys(m).length <= MAX_MEDIA, `At most ${MAX_MEDIA} media`),
  })
  .superRefine((t, ctx) => {
    const trackIds = new Set<string>();
    t.tracks.forEach((tr, i) => {
      if (trackIds.has(tr.id))
        ctx.addIssue({ code: "custom", message: "Duplicate track id", path: ["tracks", i, "id"] });
      trackIds.add(tr.id);
    });
    const clipIds = new Set<string>();
    t.clips.forEach((c, i) => {
      if (clipIds.has(c.id)) ctx.addIssue({ code: "custom", message: "Duplicate clip id", path: ["clips", i, "id"] });
      clipIds.add(c.id);
      if (!trackIds.has(c.trackId))
        ctx.addIssue({ code: "custom", message: "Unknown track", path: ["clips", i, "trackId"] });
      if (!Object.hasOwn(t.media, c.media))
        ctx.addIssue({ code: "custom", message: "Media missing from the media list", path: ["clips", i, "media"] });
    });
  })
  .transform((t) => t as StudioTimeline);

export type StudioTimelineInput = z.input<typeof studioTimelineSchema>;
