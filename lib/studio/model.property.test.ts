// Property tests: random sequences of editor ops (and random garbage through normalizeTimeline)
// always leave a timeline that follows every rule of the model.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  addClip,
  addTrack,
  deleteClips,
  duplicateClips,
  emptyTimeline,
  MAX_TIMELINE_US,
  moveClips,
  moveTrack,
  nearestFreeDelta,
  normalizeTimeline,
  pasteClips,
  removeTrack,
  setClipProps,
  setTrackFlags,
  splitClips,
  trimClipEnd,
  trimClipStart,
} from "./model";
import type { MediaRef, StudioClip, StudioTimeline } from "./types";

const S = 1_000_000;
const MEDIA: [MediaRef, number][] = [
  ["upload:long", 10 * S],
  ["file:short", 700_000],
  ["material:tiny", 3],
  ["upload:odd", 1_234_567],
];

/** Every rule of the model; returns the broken ones (empty when fine). */
function violations(t: StudioTimeline): string[] {
  const out: string[] = [];
  const tracks = new Set(t.tracks.map((tr) => tr.id));
  if (tracks.size !== t.tracks.length) out.push("duplicate track id");
  const ids = new Set<string>();
  const byTrack = new Map<string, StudioClip[]>();
  for (const c of t.clips) {
    if (ids.has(c.id)) out.push(`duplicate clip ${c.id}`);
    ids.add(c.id);
    if (!tracks.has(c.trackId)) out.push(`${c.id} on unknown track`);
    for (const k of ["start", "sourceStart", "duration", "fadeIn", "fadeOut"] as const) {
      if (!Number.isInteger(c[k])) out.push(`${c.id}.${k} not integer: ${c[k]}`);
      if (c[k] < 0) out.push(`${c.id}.${k} negative`);
    }
    if (c.duration < 1) out.push(`${c.id} empty`);
    const len = t.media[c.media]?.durationUs ?? Number.POSITIVE_INFINITY;
    if (c.sourceStart + c.duration > len) out.push(`${c.id} past media end`);
    if (c.start + c.duration > MAX_TIMELINE_US) out.push(`${c.id} past timeline end`);
    if (c.fadeIn + c.fadeOut > c.duration) out.push(`${c.id} fades longer than clip`);
    if (!(c.volume >= 0 && c.volume <= 1)) out.push(`${c.id} volume ${c.volume}`);
    const list = byTrack.get(c.trackId) ?? [];
    list.push(c);
    byTrack.set(c.trackId, list);
  }
  for (const list of byTrack.values()) {
    list.sort((a, b) => a.start - b.start);
    for (let i = 1; i < list.length; i++) {
      if (list[i].start < list[i - 1].start + list[i - 1].duration)
        out.push(`${list[i - 1].id} overlaps ${list[i].id}`);
    }
  }
  return out;
}

// Ops pick clips and tracks by index modulo what exists, so every generated op is meaningful.
const num = fc.oneof(fc.integer({ min: -20 * S, max: 40 * S }), fc.double({ min: -2e7, max: 4e7, noNaN: true }));
const pick = fc.nat(50);
const opArb = fc.oneof(
  fc.record({
    op: fc.constant("add" as const),
    media: fc.nat(MEDIA.length - 1),
    // The same media announced with another length must not break clips already clamped to the first.
    jitter: fc.integer({ min: -500_000, max: 500_000 }),
    track: pick,
    start: num,
    sourceStart: fc.option(num),
    duration: fc.option(num),
  }),
  fc.record({
    op: fc.constant("move" as const),
    clips: fc.array(pick, { maxLength: 4 }),
    delta: num,
    tracks: fc.integer({ min: -3, max: 3 }),
  }),
  fc.record({ op: fc.constant("trimStart" as const), clip: pick, at: num }),
  fc.record({ op: fc.constant("trimEnd" as const), clip: pick, at: num }),
  fc.record({ op: fc.constant("split" as const), clips: fc.array(pick, { maxLength: 3 }), at: num }),
  fc.record({ op: fc.constant("duplicate" as const), clips: fc.array(pick, { maxLength: 3 }) }),
  fc.record({ op: fc.constant("delete" as const), clips: fc.array(pick, { maxLength: 2 }) }),
  fc.record({
    op: fc.constant("props" as const),
    clip: pick,
    volume: fc.option(fc.double({ min: -1, max: 2 })),
    fadeIn: fc.option(num),
    fadeOut: fc.option(num),
  }),
  fc.record({ op: fc.constant("paste" as const), clips: fc.array(pick, { maxLength: 3 }), at: num, track: pick }),
  fc.record({ op: fc.constant("addTrack" as const) }),
  fc.record({ op: fc.constant("removeTrack" as const), track: pick }),
  fc.record({ op: fc.constant("moveTrack" as const), track: pick, to: fc.integer({ min: -1, max: 6 }) }),
  fc.record({ op: fc.constant("flags" as const), track: pick, muted: fc.boolean(), solo: fc.boolean() }),
);
type Op = typeof opArb extends fc.Arbitrary<infer T> ? T : never;

function run(t: StudioTimeline, o: Op): StudioTimeline {
  const clipId = (i: number) => t.clips[i % Math.max(1, t.clips.length)]?.id ?? "none";
  const clipIds = (is: number[]) => is.map(clipId);
  const trackId = (i: number) => t.tracks[i % Math.max(1, t.tracks.length)]?.id ?? "none";
  switch (o.op) {
    case "add": {
      const [media, durationUs] = MEDIA[o.media];
      return addClip(t, {
        media,
        info: { name: media, durationUs: Math.max(1, durationUs + o.jitter) },
        trackId: trackId(o.track),
        start: o.start,
        sourceStart: o.sourceStart ?? undefined,
        duration: o.duration ?? undefined,
      }).timeline;
    }
    case "move":
      return moveClips(t, clipIds(o.clips), o.delta, o.tracks);
    case "trimStart":
      return trimClipStart(t, clipId(o.clip), o.at);
    case "trimEnd":
      return trimClipEnd(t, clipId(o.clip), o.at);
    case "split":
      return splitClips(t, clipIds(o.clips), o.at);
    case "duplicate":
      return duplicateClips(t, clipIds(o.clips));
    case "delete":
      return deleteClips(t, clipIds(o.clips));
    case "props":
      return setClipProps(t, clipId(o.clip), {
        volume: o.volume ?? undefined,
        fadeIn: o.fadeIn ?? undefined,
        fadeOut: o.fadeOut ?? undefined,
      });
    case "paste": {
      const ids = new Set(clipIds(o.clips));
      const clips = t.clips.filter((c) => ids.has(c.id));
      return pasteClips(t, { clips, media: t.media, trackIds: t.tracks.map((tr) => tr.id) }, o.at, trackId(o.track))
        .timeline;
    }
    case "addTrack":
      return t.tracks.length >= 6 ? t : addTrack(t);
    case "removeTrack":
      return t.tracks.length <= 1 ? t : removeTrack(t, trackId(o.track));
    case "moveTrack":
      return moveTrack(t, trackId(o.track), o.to);
    case "flags":
      return setTrackFlags(t, trackId(o.track), { muted: o.muted, solo: o.solo });
  }
}

describe("timeline invariants (property)", () => {
  it("hold after any sequence of ops; unchanged results are the same object; inputs are not mutated", () => {
    fc.assert(
      fc.property(fc.array(opArb, { minLength: 1, maxLength: 40 }), (ops) => {
        let t = addTrack(emptyTimeline());
        for (const o of ops) {
          const before = structuredClone(t);
          const next = run(t, o);
          expect(t).toEqual(before);
          if (next !== t) expect(next).not.toEqual(t);
          const broken = violations(next);
          if (broken.length) throw new Error(`${o.op} broke: ${broken.join("; ")}`);
          // A timeline the ops produced is already normal: the server's save changes nothing.
          expect(normalizeTimeline(next)).toBe(next);
          t = next;
        }
      }),
      { numRuns: 300 },
    );
  });

  it("normalizeTimeline turns any clip soup into a valid timeline, and is idempotent", () => {
    const anyNum = fc.oneof(num, fc.constant(Number.NaN), fc.constant(Number.POSITIVE_INFINITY));
    const clipArb = fc.record({
      id: fc.constantFrom("a", "b", "c", "d", "e", "f", "g"),
      trackId: fc.constantFrom("t0", "t1", "t9"),
      media: fc.constantFrom(...MEDIA.map(([m]) => m), "upload:unknown" as MediaRef),
      start: anyNum,
      sourceStart: anyNum,
      duration: anyNum,
      volume: fc.oneof(fc.double(), fc.constant(Number.NaN)),
      fadeIn: anyNum,
      fadeOut: anyNum,
    });
    fc.assert(
      fc.property(fc.array(clipArb, { maxLength: 12 }), (clips) => {
        const t: StudioTimeline = {
          schemaVersion: 1,
          tracks: [
            { id: "t0", name: "A", muted: false, solo: false },
            { id: "t1", name: "", muted: false, solo: true },
          ],
          clips,
          media: Object.fromEntries(MEDIA.map(([m, d]) => [m, { name: m, durationUs: d }])),
        };
        const n = normalizeTimeline(t);
        expect(violations(n)).toEqual([]);
        expect(normalizeTimeline(n)).toBe(n);
      }),
      { numRuns: 300 },
    );
  });

  it("the gap search finds the nearest free delta (checked by brute force over every candidate)", () => {
    // Fixed spans per track from gap/length pairs (sorted, no overlaps); movers on tracks 0–2.
    const spansArb = fc.array(fc.tuple(fc.nat(30), fc.integer({ min: 1, max: 30 })), { maxLength: 8 }).map((pairs) => {
      let at = 0;
      return pairs.map(([gap, len]) => {
        const span = { start: at + gap, end: at + gap + len };
        at = span.end;
        return span;
      });
    });
    const moverArb = fc.record({ track: fc.nat(2), start: fc.nat(100), len: fc.integer({ min: 1, max: 40 }) });
    fc.assert(
      fc.property(
        fc.array(spansArb, { minLength: 3, maxLength: 3 }),
        fc.array(moverArb, { minLength: 1, maxLength: 3 }),
        fc.integer({ min: -150, max: 300 }),
        (tracks, movers, wanted) => {
          const moving = movers.map((m) => ({
            span: { start: m.start, end: m.start + m.len },
            fixed: tracks[m.track],
          }));
          const lo = -Math.min(...movers.map((m) => m.start));
          const hi = 200;
          const free = (d: number) =>
            d >= lo &&
            d <= hi &&
            moving.every(({ span, fixed }) => fixed.every((f) => span.end + d <= f.start || span.start + d >= f.end));
          let best: number | null = null;
          const w = Math.min(hi, Math.max(lo, wanted));
          for (let d = lo; d <= hi; d++) {
            if (free(d) && (best === null || Math.abs(d - w) < Math.abs(best - w))) best = d;
          }
          // Plus zero: a delta of −0 (from lo = −start) is the same position as 0.
          const plain = (d: number | null) => (d === null ? null : d + 0);
          expect(plain(nearestFreeDelta(moving, wanted, lo, hi))).toBe(plain(best));
        },
      ),
      { numRuns: 500 },
    );
  });
});
