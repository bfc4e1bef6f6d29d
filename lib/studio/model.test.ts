import { describe, expect, it } from "vitest";
import {
  addClip,
  addTrack,
  audibleClips,
  clipsInRange,
  deleteClips,
  duplicateClips,
  duplicateClipsWithIds,
  emptyTimeline,
  isNormalized,
  MAX_TIMELINE_US,
  MIN_CLIP_US,
  moveClips,
  moveTrack,
  normalizeTimeline,
  pasteClips,
  removeTrack,
  renameTrack,
  setClipProps,
  setTrackFlags,
  snapMoveDelta,
  snapTargets,
  snapTime,
  splitClips,
  splitClipsWithIds,
  timelineDuration,
  toAudioInfos,
  trimClipEnd,
  trimClipStart,
} from "./model";
import type { MediaRef, StudioClip, StudioTimeline } from "./types";

const S = 1_000_000;
const A: MediaRef = "upload:a";
const B: MediaRef = "file:b";

/** A timeline with `tracks` tracks and the given clips (media A = 10 s, B = 4 s). */
function build(tracks: number, clips: Partial<StudioClip>[] = []): StudioTimeline {
  const t: StudioTimeline = {
    schemaVersion: 1,
    tracks: Array.from({ length: tracks }, (_, i) => ({ id: `t${i}`, name: `T${i}`, muted: false, solo: false })),
    clips: [],
    media: { [A]: { name: "a.wav", durationUs: 10 * S }, [B]: { name: "b.wav", durationUs: 4 * S } },
  };
  t.clips = clips.map((c, i) => ({
    id: `c${i}`,
    trackId: "t0",
    media: A,
    start: 0,
    sourceStart: 0,
    duration: S,
    volume: 1,
    fadeIn: 0,
    fadeOut: 0,
    ...c,
  }));
  return t;
}

const clip = (t: StudioTimeline, id: string) => {
  const c = t.clips.find((x) => x.id === id);
  if (!c) throw new Error(`no clip ${id}`);
  return c;
};

describe("tracks", () => {
  it("adds, renames, flags, reorders and removes tracks (with their clips)", () => {
    let t = emptyTimeline();
    expect(t.tracks).toHaveLength(1);
    t = addTrack(t, "  Voice  ");
    expect(t.tracks[1].name).toBe("Voice");
    t = addTrack(t);
    expect(t.tracks[2].name).toBe("Track 3");
    const id = t.tracks[1].id;
    expect(renameTrack(t, id, "Voice")).toBe(t);
    expect(renameTrack(t, id, "   ")).toBe(t);
    t = renameTrack(t, id, "Narration");
    expect(t.tracks[1].name).toBe("Narration");
    expect(setTrackFlags(t, id, { muted: false })).toBe(t);
    t = setTrackFlags(t, id, { muted: true, solo: true });
    expect(t.tracks[1]).toMatchObject({ muted: true, solo: true });
    t = moveTrack(t, id, 0);
    expect(t.tracks[0].id).toBe(id);
    const { timeline } = addClip(t, { media: A, info: { name: "a", durationUs: S }, trackId: id, start: 0 });
    const removed = removeTrack(timeline, id);
    expect(removed.tracks.map((tr) => tr.id)).not.toContain(id);
    expect(removed.clips).toHaveLength(0);
    expect(removeTrack(removed, "nope")).toBe(removed);
  });
});

describe("addClip", () => {
  it("adds a clip of the media's length and records the media info", () => {
    const t = build(1);
    const r = addClip(t, {
      media: "upload:new",
      info: { name: "n.mp3", durationUs: 3 * S },
      trackId: "t0",
      start: 2 * S,
    });
    expect(r.clipId).toBeTruthy();
    expect(clip(r.timeline, r.clipId!)).toMatchObject({ start: 2 * S, sourceStart: 0, duration: 3 * S, volume: 1 });
    expect(r.timeline.media["upload:new"]).toEqual({ name: "n.mp3", durationUs: 3 * S });
    expect(t.clips).toHaveLength(0); // no mutation
  });

  it("clamps the in-point and length to the media and the start to ≥ 0", () => {
    const r = addClip(build(1), {
      media: B,
      info: { name: "b", durationUs: 4 * S },
      trackId: "t0",
      start: -5,
      sourceStart: 3 * S,
      duration: 9 * S,
    });
    expect(clip(r.timeline, r.clipId!)).toMatchObject({ start: 0, sourceStart: 3 * S, duration: S });
  });

  it("goes to the nearest free gap on the track instead of overlapping", () => {
    const t = build(1, [
      { start: 0, duration: 2 * S },
      { start: 5 * S, duration: 2 * S },
    ]);
    // Wanted 1.5 s: the gap 2–5 s holds a 1 s clip from 2 s on (0.5 s away).
    const r = addClip(t, {
      media: B,
      info: { name: "b", durationUs: 4 * S },
      trackId: "t0",
      start: 1.5 * S,
      duration: S,
    });
    expect(clip(r.timeline, r.clipId!).start).toBe(2 * S);
    // A 4 s clip does not fit 2–5 s: it goes after the last clip.
    const r2 = addClip(t, { media: B, info: { name: "b", durationUs: 4 * S }, trackId: "t0", start: 3 * S });
    expect(clip(r2.timeline, r2.clipId!).start).toBe(7 * S);
  });

  it("keeps a media length it already knows (clips were clamped to it)", () => {
    const t = build(1);
    const r = addClip(t, { media: B, info: { name: "b", durationUs: 60 * S }, trackId: "t0", start: 0 });
    expect(clip(r.timeline, r.clipId!).duration).toBe(4 * S);
    expect(r.timeline.media[B].durationUs).toBe(4 * S);
  });

  it("is refused on an unknown track", () => {
    const t = build(1);
    const r = addClip(t, { media: A, info: { name: "a", durationUs: S }, trackId: "zz", start: 0 });
    expect(r).toEqual({ timeline: t, clipId: null });
  });
});

describe("moveClips", () => {
  it("moves a clip in time and rounds to integer µs", () => {
    const t = build(1, [{ start: S }]);
    const m = moveClips(t, ["c0"], 0.5 * S + 0.4, 0);
    expect(clip(m, "c0").start).toBe(1.5 * S);
    expect(clip(t, "c0").start).toBe(S);
  });

  it("never makes times negative", () => {
    const t = build(1, [{ start: S }, { id: "x", start: 3 * S }]);
    const m = moveClips(t, ["c0", "x"], -10 * S, 0);
    expect(clip(m, "c0").start).toBe(0);
    expect(clip(m, "x").start).toBe(2 * S); // the group stays rigid
  });

  it("moves across tracks, clamping the track delta to existing tracks", () => {
    const t = build(3, [{ start: 0 }, { trackId: "t1", start: 2 * S }]);
    const m = moveClips(t, ["c0", "c1"], 0, 5);
    expect(clip(m, "c0").trackId).toBe("t1");
    expect(clip(m, "c1").trackId).toBe("t2");
    const up = moveClips(m, ["c1"], 0, -1);
    expect(clip(up, "c1").trackId).toBe("t1");
  });

  it("sends an overlapping move to the nearest free position, or refuses it", () => {
    const t = build(2, [
      { start: 0, duration: 2 * S },
      { start: 3 * S, duration: 2 * S },
      { trackId: "t1", start: 0, duration: 2 * S },
    ]);
    // c2 onto t0 at 0.5 s would overlap c0: nearest free start on t0 for 2 s is 5 s (3 s needs 3–5 free).
    const m = moveClips(t, ["c2"], 0.5 * S, -1);
    expect(clip(m, "c2")).toMatchObject({ trackId: "t0", start: 5 * S });
    // Moving c0 right by 1.8 s would hit c1 (starts 3 s): the nearest fit is +1 s (ends at 3 s).
    const m2 = moveClips(t, ["c0"], 1.8 * S, 0);
    expect(clip(m2, "c0").start).toBe(S);
    // A track filled to the timeline's limit has no gap: the move is refused.
    const full = build(2, [{ start: 0 }, { trackId: "t1", media: "upload:long", start: 0, duration: MAX_TIMELINE_US }]);
    full.media["upload:long"] = { name: "long", durationUs: MAX_TIMELINE_US };
    expect(moveClips(full, ["c0"], 0, 1)).toBe(full);
  });

  it("returns the same timeline when nothing moves", () => {
    const t = build(1, [{ start: 0 }]);
    expect(moveClips(t, ["c0"], 0, 0)).toBe(t);
    expect(moveClips(t, ["c0"], -S, 0)).toBe(t); // already at 0
    expect(moveClips(t, ["nope"], S, 0)).toBe(t);
    expect(moveClips(t, [], S, 0)).toBe(t);
  });
});

describe("trim", () => {
  it("left trim moves the source in-point with the start and keeps the right edge", () => {
    const t = build(1, [{ start: 2 * S, sourceStart: S, duration: 4 * S }]);
    const m = trimClipStart(t, "c0", 3 * S);
    expect(clip(m, "c0")).toMatchObject({ start: 3 * S, sourceStart: 2 * S, duration: 3 * S });
    // Pulled back out, past the media's start: clamped where the in-point reaches 0.
    const back = trimClipStart(m, "c0", 0);
    expect(clip(back, "c0")).toMatchObject({ start: S, sourceStart: 0, duration: 5 * S });
  });

  it("left trim stops at the previous clip and at a minimum length", () => {
    const t = build(1, [
      { start: 0, duration: 2 * S },
      { start: 3 * S, sourceStart: 3 * S, duration: 2 * S },
    ]);
    expect(clip(trimClipStart(t, "c1", S), "c1")).toMatchObject({ start: 2 * S, sourceStart: 2 * S });
    expect(clip(trimClipStart(t, "c1", 9 * S), "c1")).toMatchObject({
      start: 5 * S - MIN_CLIP_US,
      duration: MIN_CLIP_US,
    });
  });

  it("right trim changes the out-point, clamped to the media's length and the next clip", () => {
    const t = build(1, [{ start: 0, sourceStart: 6 * S, duration: 2 * S }, { start: 9 * S }]);
    expect(clip(trimClipEnd(t, "c0", 3 * S), "c0").duration).toBe(3 * S);
    // Media A is 10 s and the in-point 6 s: at most 4 s.
    expect(clip(trimClipEnd(t, "c0", 20 * S), "c0").duration).toBe(4 * S);
    const t2 = build(1, [{ start: 0, duration: 2 * S }, { start: 3 * S }]);
    expect(clip(trimClipEnd(t2, "c0", 20 * S), "c0").duration).toBe(3 * S);
    expect(clip(trimClipEnd(t2, "c0", -5), "c0").duration).toBe(MIN_CLIP_US);
  });

  it("shrinks fades that no longer fit and is identity when clamped to the same edge", () => {
    const t = build(1, [{ start: 0, duration: 4 * S, fadeIn: S, fadeOut: 2 * S }]);
    const m = trimClipEnd(t, "c0", 2.5 * S);
    expect(clip(m, "c0")).toMatchObject({ duration: 2.5 * S, fadeIn: S, fadeOut: 1.5 * S });
    const l = trimClipStart(t, "c0", 3 * S);
    expect(clip(l, "c0")).toMatchObject({ duration: S, fadeIn: 0, fadeOut: S });
    const atMediaEnd = build(1, [{ start: 0, sourceStart: 6 * S, duration: 4 * S }]);
    expect(trimClipEnd(atMediaEnd, "c0", 12 * S)).toBe(atMediaEnd);
    expect(trimClipStart(t, "nope", 0)).toBe(t);
  });
});

describe("split, duplicate, delete", () => {
  it("splits one clip into two that play the same source continuously", () => {
    const t = build(1, [{ start: S, sourceStart: 2 * S, duration: 4 * S, fadeIn: S, fadeOut: S, volume: 0.5 }]);
    const { timeline, clipIds } = splitClipsWithIds(t, ["c0"], 2.5 * S);
    expect(clipIds).toHaveLength(1);
    const left = clip(timeline, "c0");
    const right = clip(timeline, clipIds[0]);
    expect(left).toMatchObject({ start: S, sourceStart: 2 * S, duration: 1.5 * S, fadeIn: S, fadeOut: 0, volume: 0.5 });
    expect(right).toMatchObject({
      start: 2.5 * S,
      sourceStart: 3.5 * S,
      duration: 2.5 * S,
      fadeIn: 0,
      fadeOut: S,
      volume: 0.5,
    });
    expect(timeline.clips.map((c) => c.id)).toEqual(["c0", clipIds[0]]);
  });

  it("with no ids splits every clip under the time, and leaves edges alone", () => {
    const t = build(2, [{ start: 0, duration: 2 * S }, { trackId: "t1", start: S, duration: 2 * S }, { start: 3 * S }]);
    const m = splitClips(t, [], 1.5 * S);
    expect(m.clips).toHaveLength(5);
    expect(splitClips(t, [], 0)).toBe(t);
    expect(splitClips(t, ["c0"], 2 * S)).toBe(t); // at its end
  });

  it("duplicates a selection right after itself, keeping spacing and tracks", () => {
    const t = build(2, [
      { start: 0, duration: S },
      { trackId: "t1", start: 2 * S, duration: S },
    ]);
    const { timeline, clipIds } = duplicateClipsWithIds(t, ["c0", "c1"]);
    expect(clipIds).toHaveLength(2);
    expect(clip(timeline, clipIds[0])).toMatchObject({ trackId: "t0", start: 3 * S });
    expect(clip(timeline, clipIds[1])).toMatchObject({ trackId: "t1", start: 5 * S });
    expect(duplicateClips(t, [])).toBe(t);
  });

  it("duplicate skips over clips in the way", () => {
    const t = build(1, [
      { start: 0, duration: S },
      { start: S, duration: S },
    ]);
    const m = duplicateClipsWithIds(t, ["c0"]);
    expect(clip(m.timeline, m.clipIds[0]).start).toBe(2 * S);
  });

  it("deletes clips; unknown ids change nothing", () => {
    const t = build(1, [{ start: 0 }, { start: 2 * S }]);
    expect(deleteClips(t, ["c0"]).clips.map((c) => c.id)).toEqual(["c1"]);
    expect(deleteClips(t, ["zz"])).toBe(t);
  });

  it("pastes clips at a time keeping spacing, onto tracks relative to the target", () => {
    const src = build(2, [
      { start: 5 * S, duration: S },
      { trackId: "t1", start: 6 * S, duration: S, media: B },
    ]);
    const dest = build(3, [{ trackId: "t1", start: 0, duration: 2 * S }]);
    const r = pasteClips(dest, { clips: src.clips, media: src.media, trackIds: ["t0", "t1"] }, S, "t1");
    expect(r.clipIds).toHaveLength(2);
    // On t1 the spot at 1 s is taken until 2 s: the group goes to the nearest fit (+1 s).
    expect(clip(r.timeline, r.clipIds[0])).toMatchObject({ trackId: "t1", start: 2 * S });
    expect(clip(r.timeline, r.clipIds[1])).toMatchObject({ trackId: "t2", start: 3 * S });
  });
});

describe("setClipProps", () => {
  it("clamps volume to 0–1 and fades to the clip", () => {
    const t = build(1, [{ duration: 2 * S }]);
    expect(clip(setClipProps(t, "c0", { volume: 1.7 }), "c0").volume).toBe(1);
    expect(clip(setClipProps(t, "c0", { volume: -1 }), "c0").volume).toBe(0);
    const f = setClipProps(t, "c0", { fadeIn: 1.5 * S, fadeOut: 1.5 * S });
    expect(clip(f, "c0")).toMatchObject({ fadeIn: 1.5 * S, fadeOut: 0.5 * S });
    // Setting only the fade-in keeps the fade-out and shortens the new one.
    const g = setClipProps(f, "c0", { fadeIn: 2 * S });
    expect(clip(g, "c0")).toMatchObject({ fadeIn: 1.5 * S, fadeOut: 0.5 * S });
    expect(setClipProps(t, "c0", { volume: 1 })).toBe(t);
    expect(setClipProps(t, "c0", { volume: Number.NaN })).toBe(t);
  });
});

describe("snapping", () => {
  const t = build(2, [
    { start: S, duration: S },
    { trackId: "t1", start: 4 * S, duration: S },
  ]);
  it("collects clip edges, 0 and the playhead, without the excluded clips", () => {
    expect(snapTargets(t, { playheadUs: 3.5 * S }).points).toEqual([0, S, 2 * S, 3.5 * S, 4 * S, 5 * S]);
    expect(snapTargets(t, { excludeIds: ["c0"] }).points).toEqual([0, 4 * S, 5 * S]);
  });

  it("snaps to the nearest target within the threshold, else to the grid, else not at all", () => {
    const targets = snapTargets(t, { playheadUs: 3.5 * S, gridUs: 0.25 * S });
    expect(snapTime(2.04 * S, targets, 0.05 * S)).toBe(2 * S);
    expect(snapTime(3.46 * S, targets, 0.05 * S)).toBe(3.5 * S);
    expect(snapTime(2.74 * S, targets, 0.05 * S)).toBe(2.75 * S); // grid
    expect(snapTime(2.6 * S, targets, 0.05 * S)).toBe(2.6 * S); // nothing close
    expect(snapTime(2.6 * S, [2.5 * S, 3 * S], 0.2 * S)).toBe(2.5 * S); // plain list
  });

  it("snaps a dragged group by its nearest edge", () => {
    const targets = snapTargets(t, { excludeIds: ["c0"] });
    // c0 (1–2 s) dragged +1.9 s: its end (3.9 s) is 0.1 s from c1's start (4 s).
    expect(snapMoveDelta(t, ["c0"], 1.9 * S, targets, 0.15 * S)).toBe(2 * S);
    expect(snapMoveDelta(t, ["c0"], 1.5 * S, targets, 0.15 * S)).toBe(1.5 * S);
  });
});

describe("clipsInRange (marquee)", () => {
  const t = build(3, [
    { start: 0, duration: S },
    { start: 2 * S, duration: S },
    { trackId: "t1", start: 1.5 * S, duration: S },
    { trackId: "t2", start: 0, duration: 5 * S },
  ]);
  it("selects clips touching the range on the given tracks, in either drag direction", () => {
    expect(clipsInRange(t, { fromUs: 0.5 * S, toUs: 2.2 * S, trackIds: ["t0", "t1"] })).toEqual(["c0", "c1", "c2"]);
    expect(clipsInRange(t, { fromUs: 2.2 * S, toUs: 0.5 * S, trackIds: ["t0"] })).toEqual(["c0", "c1"]);
    expect(clipsInRange(t, { fromUs: S, toUs: 2 * S, trackIds: ["t0"] })).toEqual([]); // edges only touch
    expect(clipsInRange(t, { fromUs: 4 * S, toUs: 6 * S })).toEqual(["c3"]);
    expect(clipsInRange(t, { fromUs: 2.5 * S, toUs: 2.5 * S })).toEqual(["c1", "c3"]);
  });
});

describe("audibleClips and audio_infos", () => {
  const base = build(3, [
    { start: 0, duration: 2 * S, volume: 0.8, fadeIn: 0.5 * S },
    { trackId: "t1", start: S, sourceStart: 1.5 * S, duration: 2 * S, media: B, fadeOut: S },
    { trackId: "t2", start: 3 * S, duration: S },
  ]);
  it("resolves mute and solo: muted never, solo only", () => {
    expect(audibleClips(base).map((c) => c.id)).toEqual(["c0", "c1", "c2"]);
    const muted = setTrackFlags(base, "t1", { muted: true });
    expect(audibleClips(muted).map((c) => c.id)).toEqual(["c0", "c2"]);
    const solo = setTrackFlags(setTrackFlags(muted, "t2", { solo: true }), "t0", { solo: true });
    expect(audibleClips(solo).map((c) => [c.id, c.trackIndex])).toEqual([
      ["c0", 0],
      ["c2", 2],
    ]);
    // A solo track that is also muted stays silent, and still silences the others.
    const mutedSolo = setTrackFlags(base, "t1", { muted: true, solo: true });
    expect(audibleClips(mutedSolo)).toEqual([]);
  });

  it("emits add_audios fields in µs with source_start for trimmed clips", () => {
    const infos = toAudioInfos(base, (ref) => `https://x/${ref}`);
    expect(infos).toEqual([
      {
        audio_url: "https://x/upload:a",
        start: 0,
        end: 2 * S,
        duration: 10 * S,
        volume: 0.8,
        fade_in: 0.5 * S,
        fade_out: 0,
      },
      {
        audio_url: "https://x/file:b",
        start: S,
        end: 3 * S,
        duration: 4 * S,
        volume: 1,
        fade_in: 0,
        fade_out: S,
        source_start: 1.5 * S,
      },
      {
        audio_url: "https://x/upload:a",
        start: 3 * S,
        end: 4 * S,
        duration: 10 * S,
        volume: 1,
        fade_in: 0,
        fade_out: 0,
      },
    ]);
    for (const i of infos) expect(i.end - i.start + (i.source_start ?? 0)).toBeLessThanOrEqual(i.duration);
    expect(timelineDuration(base)).toBe(4 * S);
  });
});

describe("normalizeTimeline", () => {
  it("is the identity on a valid timeline", () => {
    const t = build(2, [{ start: 0 }, { trackId: "t1", start: S }]);
    expect(normalizeTimeline(t)).toBe(t);
  });

  it("clamps bad numbers, drops orphans and duplicates, and resolves overlaps", () => {
    const t = build(2, [
      { start: -3.7, sourceStart: -1, duration: 2 * S + 0.4, volume: 3, fadeIn: 5 * S, fadeOut: 5 * S },
      { start: S, duration: 2 * S }, // overlaps c0 (0–2 s) → goes to 2 s
      { id: "c0", start: 8 * S }, // duplicate id
      { trackId: "gone", start: 0 }, // unknown track
      { trackId: "t1", media: B, sourceStart: 3.5 * S, duration: 2 * S }, // past B's 4 s
      { trackId: "t1", start: Number.NaN, volume: Number.NaN },
    ]);
    const n = normalizeTimeline(t);
    expect(n.clips.map((c) => c.id)).toEqual(["c0", "c1", "c4", "c5"]);
    expect(clip(n, "c0")).toMatchObject({
      start: 0,
      sourceStart: 0,
      duration: 2 * S,
      volume: 1,
      fadeIn: 2 * S,
      fadeOut: 0,
    });
    expect(clip(n, "c1").start).toBe(2 * S);
    expect(clip(n, "c4")).toMatchObject({ sourceStart: 2 * S, duration: 2 * S, start: 0 });
    expect(clip(n, "c5")).toMatchObject({ start: 2 * S, volume: 1 });
    expect(isNormalized(n)).toBe(true);
    expect(normalizeTimeline(n)).toBe(n);
  });
});
