// Editor commands shared by the toolbar buttons and the keyboard shortcuts.
import { deleteClips, duplicateClips, moveClips, splitClips, timelineDuration } from "@/lib/studio/model";
import type { Editor } from "./editor-context";
import { HEADER_W } from "./timeline";
import { US } from "./time";

export const ZOOM_STEP = 1.5;

export function editorActions({ store, player, viewport }: Editor) {
  const s = () => store.getState();
  const zoomBy = (f: number) => {
    const el = viewport.current;
    const cur = s().pxPerSec;
    s().setZoom(cur * f);
    // Keep the playhead in view after a button/keyboard zoom.
    requestAnimationFrame(() => {
      if (!el) return;
      const x = HEADER_W + (player.positionUs() / US) * s().pxPerSec;
      if (x < el.scrollLeft || x > el.scrollLeft + el.clientWidth) el.scrollLeft = Math.max(0, x - el.clientWidth / 2);
    });
  };
  return {
    togglePlay: () => player.toggle(),
    split: () => s().apply((t) => splitClips(t, s().selection, Math.round(player.positionUs()))),
    remove: () => {
      const ids = s().selection;
      if (!ids.length) return;
      s().apply((t) => deleteClips(t, ids));
      s().select([], "replace");
    },
    duplicate: () => s().selection.length && s().apply((t) => duplicateClips(t, s().selection)),
    /** Arrows: nudge the selected clips, or move the playhead when nothing is selected. */
    nudge: (us: number) => {
      const ids = s().selection;
      if (ids.length) s().apply((t) => moveClips(t, ids, us, 0));
      else player.seek(Math.max(0, player.positionUs() + us));
    },
    undo: () => s().undo(),
    redo: () => s().redo(),
    zoomIn: () => zoomBy(ZOOM_STEP),
    zoomOut: () => zoomBy(1 / ZOOM_STEP),
    fit: () => {
      const el = viewport.current;
      const dur = timelineDuration(s().timeline);
      if (!el || dur <= 0) return;
      s().setZoom(((el.clientWidth - HEADER_W - 24) / dur) * US);
      requestAnimationFrame(() => {
        el.scrollLeft = 0;
      });
    },
    toggleLoop: () => {
      const { loop, selection, timeline } = s();
      if (loop) return s().setLoop(null);
      const sel = timeline.clips.filter((c) => selection.includes(c.id));
      const pool = sel.length ? sel : timeline.clips;
      if (!pool.length) return;
      s().setLoop({
        startUs: Math.min(...pool.map((c) => c.start)),
        endUs: Math.max(...pool.map((c) => c.start + c.duration)),
      });
    },
    selectAll: () =>
      s().select(
        s().timeline.clips.map((c) => c.id),
        "replace",
      ),
    clearSelection: () => s().select([], "replace"),
    toStart: () => player.seek(0),
  };
}
export type EditorActions = ReturnType<typeof editorActions>;
