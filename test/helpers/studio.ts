// Studio's HTTP tests: uploading media into a team's library, building timelines and calling the
// /api/studio routes as the editor does (session cookie, JSON).
import fs from "node:fs";
import type { MediaRef, StudioClip, StudioTimeline, StudioTrack } from "@/lib/studio/types";
import type { Client } from "@/test/http/client";

export type Json = Record<string, unknown>;

/** Uploads a file as the browser does; answers its library ref (`upload:<id>`). */
export async function uploadMedia(c: Client, file: string, name: string): Promise<MediaRef> {
  const form = new FormData();
  form.append("file", new Blob([new Uint8Array(fs.readFileSync(file))]), name);
  const res = await c.fetch("/api/uploads", { method: "POST", body: form });
  if (res.status !== 201) throw new Error(`upload: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { pathKey: MediaRef }).pathKey;
}

export async function call<T = Json>(
  c: Client,
  method: string,
  path: string,
  json?: unknown,
): Promise<{ status: number; body: T }> {
  const res = await c.fetch(path, { method, ...(json === undefined ? {} : { json }) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export type Project = {
  id: string;
  name: string;
  version: number;
  draftId: string | null;
  savedAt: string;
  savedBy: { id: string; name: string };
  createdBy: { id: string; name: string };
  timeline: StudioTimeline;
};

export const track = (id: string, name: string, flags: Partial<StudioTrack> = {}): StudioTrack => ({
  id,
  name,
  muted: false,
  solo: false,
  ...flags,
});

export const clip = (
  id: string,
  trackId: string,
  media: MediaRef,
  start: number,
  duration: number,
  more: Partial<StudioClip> = {},
): StudioClip => ({ id, trackId, media, start, sourceStart: 0, duration, volume: 1, fadeIn: 0, fadeOut: 0, ...more });

export const timelineOf = (
  tracks: StudioTrack[],
  clips: StudioClip[],
  media: Record<string, { name: string; durationUs: number }>,
): StudioTimeline => ({ schemaVersion: 1, tracks, clips, media: media as StudioTimeline["media"] });

export async function newProject(c: Client, name: string, timeline?: StudioTimeline): Promise<Project> {
  const r = await call<Project>(c, "POST", "/api/studio/projects", { name, ...(timeline ? { timeline } : {}) });
  if (r.status !== 201) throw new Error(`create project: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
}

/** A clip's sound, for comparing timelines regardless of ids and order. */
export const sound = (c: StudioClip) => ({
  start: c.start,
  sourceStart: c.sourceStart,
  duration: c.duration,
  volume: c.volume,
  fadeIn: c.fadeIn,
  fadeOut: c.fadeOut,
});
