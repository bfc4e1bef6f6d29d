// The editor store without a DOM (zustand vanilla): what undo/redo restores, how many steps a
// gesture makes, and that view state (selection, zoom, playhead, loop) never enters the history.
import { createElement } from "react";
import { renderToString } from "react-dom/server";
import { describe, expect, it } from "vitest";
import { addClip, emptyTimeline, moveClips, setClipProps, setTrackFlags, splitClips } from "@/lib/studio/model";
import type { StudioTimeline } from "@/lib/studio/types";
import { createStudioStore, MAX_PX_PER_SEC, StudioStoreProvider, useStudio } from "./store";

const S = 1_000_000;

function withClip(): { t: StudioTimeline; id: string } {
  const base = emptyTimeline();
  const { timeline, clipId } = addClip(base, {
    media: "upload:a",
    info: { name: "a.wav", durationUs: 10 * S },
    trackId: base.tracks[0].id,
    start: 0,
    duration: 4 * S,
  });
  return { t: timeline, id: clipId! };
}

const startOf = (t: StudioTimeline, id: string) => t.clips.find((c) => c.id === id)?.start;

/** Reads the store through the hook, as editor components do. */
function Names() {
  const names = useStudio((s) => s.timeline.tracks.map((tr) => tr.name).join(","));
  const clips = useStudio((s) => s.timeline.clips.length);
  return createElement("p", null, `${names}:${clips}`);
}

describe("studio store", () => {
  it("makes one undo entry per changing apply and none for a no-op", () => {
    const { t, id } = withClip();
    const store = createStudioStore(t);
    const s = () => store.getState();
    expect(s().canUndo).toBe(false);
    s().apply((x) => moveClips(x, [id], 0, 0)); // nothing moves
    expect(s().canUndo).toBe(false);
    s().apply((x) => moveClips(x, [id], S, 0));
    s().apply((x) => setClipProps(x, id, { volume: 0.5 }));
    expect(store.temporal.getState().pastStates).toHaveLength(2);
    expect(s().canUndo).toBe(true);

    s().undo();
    expect(s().timeline.clips[0].volume).toBe(1);
    expect(startOf(s().timeline, id)).toBe(S);
    expect(s().canRedo).toBe(true);
    s().undo();
    expect(s().timeline).toBe(t);
    expect(s().canUndo).toBe(false);
    s().redo();
    s().redo();
    expect(s().timeline.clips[0]).toMatchObject({ start: S, volume: 0.5 });
    expect(s().canRedo).toBe(false);
  });

  it("a new edit after undo drops the redo branch", () => {
    const { t, id } = withClip();
    const store = createStudioStore(t);
    const s = () => store.getState();
    s().apply((x) => moveClips(x, [id], S, 0));
    s().undo();
    s().apply((x) => moveClips(x, [id], 2 * S, 0));
    expect(s().canRedo).toBe(false);
    s().redo();
    expect(startOf(s().timeline, id)).toBe(2 * S);
  });

  it("a gesture of many moves is one undo entry, back to where it began", () => {
    const { t, id } = withClip();
    const store = createStudioStore(t);
    const s = () => store.getState();
    s().beginGesture();
    // The UI recomputes each drag frame from the gesture's base, so snapping and gaps stay exact.
    for (let i = 1; i <= 30; i++) s().apply(() => moveClips(s().gestureBase!, [id], i * 100_000, 0));
    expect(startOf(s().timeline, id)).toBe(3 * S);
    expect(s().canUndo).toBe(false); // nothing recorded until the gesture ends
    s().endGesture();
    expect(store.temporal.getState().pastStates).toHaveLength(1);
    expect(s().canUndo).toBe(true);
    s().undo();
    expect(s().timeline).toBe(t);
    s().redo();
    expect(startOf(s().timeline, id)).toBe(3 * S);
  });

  it("a gesture that ends where it began records nothing; undo mid-gesture closes it first", () => {
    const { t, id } = withClip();
    const store = createStudioStore(t);
    const s = () => store.getState();
    s().beginGesture();
    s().endGesture();
    expect(s().canUndo).toBe(false);
    s().beginGesture();
    s().apply((x) => moveClips(x, [id], S, 0));
    s().apply(() => t);
    s().endGesture();
    expect(s().canUndo).toBe(false);

    s().beginGesture();
    s().apply((x) => moveClips(x, [id], S, 0));
    s().undo();
    expect(s().gestureBase).toBeNull();
    expect(s().timeline).toBe(t);
    s().apply((x) => moveClips(x, [id], 2 * S, 0)); // tracking resumed
    expect(s().canUndo).toBe(true);
  });

  it("selection, zoom, snap, playhead and loop are not undo steps", () => {
    const { t, id } = withClip();
    const store = createStudioStore(t);
    const s = () => store.getState();
    s().select([id]);
    s().setZoom(120);
    s().setSnap(false);
    s().seek(2.5 * S);
    s().setLoop({ startUs: 3 * S, endUs: S });
    expect(s().canUndo).toBe(false);
    expect(s()).toMatchObject({
      selection: [id],
      pxPerSec: 120,
      snap: false,
      playheadUs: 2.5 * S,
      loop: { startUs: S, endUs: 3 * S },
    });
    s().apply((x) => setTrackFlags(x, x.tracks[0].id, { muted: true }));
    s().seek(0);
    s().undo();
    expect(s().timeline.tracks[0].muted).toBe(false);
    expect(s()).toMatchObject({ selection: [id], pxPerSec: 120, playheadUs: 0 });
  });

  it("select replaces, adds or toggles; undo drops ids of clips that no longer exist", () => {
    const { t, id } = withClip();
    const store = createStudioStore(t);
    const s = () => store.getState();
    s().apply((x) => splitClips(x, [id], 2 * S));
    const [a, b] = s().timeline.clips.map((c) => c.id);
    s().select([a]);
    s().select([b], "add");
    expect(s().selection).toEqual([a, b]);
    s().select([a], "toggle");
    expect(s().selection).toEqual([b]);
    s().select([a, b], "toggle");
    expect(s().selection).toEqual([a]);
    s().select([a, b]);
    s().undo(); // before the split, only `id` (= a, the left piece keeps it) exists
    expect(s().selection).toEqual([a]);
  });

  it("load replaces the timeline and resets the history; view values are clamped", () => {
    const { t, id } = withClip();
    const store = createStudioStore(t);
    const s = () => store.getState();
    s().apply((x) => moveClips(x, [id], S, 0));
    s().select([id]);
    const fresh = emptyTimeline();
    s().load(fresh);
    expect(s().timeline).toBe(fresh);
    expect(s()).toMatchObject({ canUndo: false, canRedo: false, selection: [] });
    s().undo();
    expect(s().timeline).toBe(fresh);
    s().setZoom(1e9);
    expect(s().pxPerSec).toBe(MAX_PX_PER_SEC);
    s().seek(-5);
    expect(s().playheadUs).toBe(0);
    s().setLoop({ startUs: S, endUs: S });
    expect(s().loop).toBeNull();
  });

  it("the provider hands its store to useStudio; outside it useStudio throws", () => {
    const { t } = withClip();
    expect(renderToString(createElement(StudioStoreProvider, { initial: t }, createElement(Names)))).toBe(
      "<p>Track 1:1</p>",
    );
    expect(() => renderToString(createElement(Names))).toThrow(/StudioStoreProvider/);
  });
});
