import { describe, expect, it } from "vitest";
import { addOnNewTracks, emptyTimeline, packTracks, timelineDuration, type Segment } from "@/lib/drafts/timeline";

const seg = (start: number, duration: number): Segment => ({
  id: `s${start}`,
  materialId: "m",
  start,
  duration,
  volume: 1,
  fadeIn: 0,
  fadeOut: 0,
  speedId: `v${start}`,
  fadeId: null,
});

describe("packTracks", () => {
  it("keeps clips that do not overlap (touching included) on one track", () => {
    expect(
      packTracks([
        { start: 0, duration: 3 },
        { start: 3, duration: 2 },
        { start: 10, duration: 1 },
      ]),
    ).toEqual({ trackOf: [0, 0, 0], trackCount: 1 });
  });

  it("uses as many tracks as the deepest overlap, whatever the input order", () => {
    // The seed's crossfade sequence: intro 0–5, main 4–24, outro 23–26.
    const seq = packTracks([
      { start: 0, duration: 5 },
      { start: 4, duration: 20 },
      { start: 23, duration: 3 },
    ]);
    expect(seq).toEqual({ trackOf: [0, 1, 0], trackCount: 2 });
    const three = packTracks([
      { start: 2, duration: 5 },
      { start: 0, duration: 10 },
      { start: 1, duration: 5 },
      { start: 9, duration: 1 },
    ]);
    expect(three.trackCount).toBe(3);
  });

  it("never puts overlapping clips on one track (random clips)", () => {
    for (let round = 0; round < 50; round++) {
      const clips = Array.from({ length: 40 }, () => ({
        start: Math.floor(Math.random() * 100),
        duration: 1 + Math.floor(Math.random() * 20),
      }));
      const { trackOf, trackCount } = packTracks(clips);
      let deepest = 0;
      for (let t = 0; t < 130; t++)
        deepest = Math.max(deepest, clips.filter((c) => c.start <= t && t < c.start + c.duration).length);
      expect(trackCount).toBe(deepest);
      for (let a = 0; a < clips.length; a++)
        for (let b = a + 1; b < clips.length; b++)
          if (trackOf[a] === trackOf[b]) {
            const [x, y] = [clips[a], clips[b]];
            expect(x.start + x.duration <= y.start || y.start + y.duration <= x.start).toBe(true);
          }
    }
  });
});

describe("addOnNewTracks", () => {
  it("appends new tracks, never touching existing ones, and the duration is the latest end", () => {
    const t = emptyTimeline();
    const first = addOnNewTracks(t, [seg(0, 10)]);
    const second = addOnNewTracks(t, [seg(5, 10), seg(8, 30)]);
    expect(t.tracks.map((x) => x.id)).toEqual([first[0].id, second[0].id, second[1].id]);
    expect(t.tracks[0].segments.map((s) => s.start)).toEqual([0]);
    expect(timelineDuration(t)).toBe(38);
  });
});
