import { describe, expect, it } from "vitest";
import { addClip, addTrack, emptyTimeline } from "./model";
import { MAX_CLIPS, MAX_TRACKS, studioTimelineSchema } from "./schema";
import type { StudioTimeline } from "./types";

const S = 1_000_000;

function sample(): StudioTimeline {
  let t = addTrack(emptyTimeline(), "Music");
  t = addClip(t, {
    media: "upload:abc",
    info: { name: "a.wav", durationUs: 5 * S },
    trackId: t.tracks[0].id,
    start: 0,
  }).timeline;
  return addClip(t, {
    media: "material:m_1",
    info: { name: "m.mp3", durationUs: S },
    trackId: t.tracks[1].id,
    start: S,
  }).timeline;
}

/** The first issue's message and path, or null when the body is accepted. */
function problem(body: unknown): string | null {
  const r = studioTimelineSchema.safeParse(body);
  return r.success ? null : `${r.error.issues[0].path.join(".")}: ${r.error.issues[0].message}`;
}

describe("studioTimelineSchema", () => {
  it("accepts what the model produces, unchanged", () => {
    const t = sample();
    const r = studioTimelineSchema.safeParse(JSON.parse(JSON.stringify(t)));
    expect(r.success).toBe(true);
    expect(r.data).toEqual(t);
  });

  it("refuses malformed fields", () => {
    const t = sample();
    const withClip = (patch: object) => ({ ...t, clips: [{ ...t.clips[0], ...patch }, t.clips[1]] });
    expect(problem({ ...t, schemaVersion: 2 })).toMatch(/^schemaVersion/);
    expect(problem(withClip({ start: -1 }))).toMatch(/^clips\.0\.start/);
    expect(problem(withClip({ duration: 1.5 }))).toMatch(/^clips\.0\.duration/);
    expect(problem(withClip({ duration: 0 }))).toMatch(/^clips\.0\.duration/);
    expect(problem(withClip({ volume: 1.01 }))).toMatch(/^clips\.0\.volume/);
    expect(problem(withClip({ media: "https://evil/x.mp3" }))).toMatch(/^clips\.0\.media: Invalid media ref/);
    expect(problem(withClip({ media: "upload:../../etc" }))).toMatch(/^clips\.0\.media/);
    expect(problem({ ...t, media: { ...t.media, "file:x y": { name: "x", durationUs: 1 } } })).toMatch(/^media/);
    expect(problem({ ...t, tracks: [{ ...t.tracks[0], name: "x".repeat(201) }, t.tracks[1]] })).toMatch(
      /^tracks\.0\.name/,
    );
    expect(problem({ ...t, tracks: [{ ...t.tracks[0], name: "  " }, t.tracks[1]] })).toMatch(/^tracks\.0\.name/);
  });

  it("refuses references that do not hold together", () => {
    const t = sample();
    expect(problem({ ...t, clips: [t.clips[0], { ...t.clips[1], id: t.clips[0].id }] })).toBe(
      "clips.1.id: Duplicate clip id",
    );
    expect(problem({ ...t, tracks: [t.tracks[0], { ...t.tracks[1], id: t.tracks[0].id }] })).toBe(
      "tracks.1.id: Duplicate track id",
    );
    expect(problem({ ...t, clips: [{ ...t.clips[0], trackId: "nope" }] })).toBe("clips.0.trackId: Unknown track");
    expect(problem({ ...t, media: {} })).toBe("clips.0.media: Media missing from the media list");
  });

  it("enforces the size limits (64 tracks, 5,000 clips)", () => {
    const t = sample();
    const tracks = Array.from({ length: MAX_TRACKS + 1 }, (_, i) => ({ ...t.tracks[0], id: `t${i}` }));
    expect(problem({ ...t, tracks, clips: [] })).toMatch(/^tracks/);
    expect(problem({ ...t, tracks: tracks.slice(0, MAX_TRACKS), clips: [] })).toBeNull();
    const c = t.clips[0];
    const clips = Array.from({ length: MAX_CLIPS + 1 }, (_, i) => ({ ...c, id: `c${i}`, start: i * 10 * S }));
    expect(problem({ ...t, clips })).toMatch(/^clips/);
    expect(problem({ ...t, clips: clips.slice(0, MAX_CLIPS) })).toBeNull();
  });
});
