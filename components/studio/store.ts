"use client";
// The editor's state: a zustand vanilla store with zundo's temporal history on `timeline` only, so
// selection, zoom, snapping, playhead and loop never become undo steps. Every edit goes through
// `apply(fn)` with a pure op from lib/studio/model.ts; an op that changes nothing returns the same
// object, and identity is what decides whether an undo entry is made. A drag is one gesture: the
// moves inside beginGesture/endGesture are not tracked, and endGesture records the timeline from
// before the gesture as ONE entry (none if the gesture ended where it began).
import { createContext, createElement, type ReactNode, useContext, useState } from "react";
import { temporal } from "zundo";
import { useStore } from "zustand";
import { createStore, type StoreApi } from "zustand/vanilla";
import type { StudioTimeline } from "@/lib/studio/types";

export type SelectMode = "replace" | "add" | "toggle";
export type LoopRange = { startUs: number; endUs: number };

export type StudioState = {
  timeline: StudioTimeline;
  selection: string[];
  pxPerSec: number;
  snap: boolean;
  gridUs: number;
  /** The committed play position (set on seek and pause, not per animation frame). */
  playheadUs: number;
  loop: LoopRange | null;
  canUndo: boolean;
  canRedo: boolean;
  /** The timeline as it was when the current gesture began (null outside a gesture). */
  gestureBase: StudioTimeline | null;

  apply: (fn: (t: StudioTimeline) => StudioTimeline) => void;
  beginGesture: () => void;
  endGesture: () => void;
  undo: () => void;
  redo: () => void;
  load: (t: StudioTimeline) => void;
  select: (ids: readonly string[], mode?: SelectMode) => void;
  setZoom: (pxPerSec: number) => void;
  setSnap: (snap: boolean) => void;
  seek: (us: number) => void;
  setLoop: (loop: LoopRange | null) => void;
};

type History = { timeline: StudioTimeline };

export const MIN_PX_PER_SEC = 0.5;
export const MAX_PX_PER_SEC = 2000;
export const DEFAULT_PX_PER_SEC = 50;
export const DEFAULT_GRID_US = 1_000_000;
/** Undo steps kept. */
export const HISTORY_LIMIT = 200;

export type StudioStore = ReturnType<typeof createStudioStore>;

export function createStudioStore(initial: StudioTimeline, opts: { pxPerSec?: number; gridUs?: number } = {}) {
  const store = createStore<StudioState>()(
    temporal(
      (set, get, api) => {
        const history = () => (api as unknown as { temporal: StoreApi<TemporalLike> }).temporal;
        // Selection refers to clip ids; after undo/redo/load drop the ids that no longer exist.
        const pruneSelection = () => {
          const { timeline, selection } = get();
          if (selection.length === 0) return;
          const ids = new Set(timeline.clips.map((c) => c.id));
          const kept = selection.filter((id) => ids.has(id));
          if (kept.length !== selection.length) set({ selection: kept });
        };
        return {
          timeline: initial,
          selection: [],
          pxPerSec: opts.pxPerSec ?? DEFAULT_PX_PER_SEC,
          snap: true,
          gridUs: opts.gridUs ?? DEFAULT_GRID_US,
          playheadUs: 0,
          loop: null,
          canUndo: false,
          canRedo: false,
          gestureBase: null,

          apply: (fn) => {
            const current = get().timeline;
            const next = fn(current);
            if (next === current) return;
            set({ timeline: next });
          },
          beginGesture: () => {
            if (get().gestureBase) return;
            history().getState().pause();
            set({ gestureBase: get().timeline });
          },
          endGesture: () => {
            const base = get().gestureBase;
            if (!base) return;
            set({ gestureBase: null });
            const h = history();
            h.getState().resume();
            if (get().timeline !== base) {
              const past = [...h.getState().pastStates, { timeline: base }];
              h.setState({ pastStates: past.slice(-HISTORY_LIMIT), futureStates: [] });
            }
          },
          undo: () => {
            get().endGesture();
            history().getState().undo();
            pruneSelection();
          },
          redo: () => {
            get().endGesture();
            history().getState().redo();
            pruneSelection();
          },
          load: (t) => {
            const h = history();
            h.getState().pause();
            set({ timeline: t, gestureBase: null });
            h.getState().clear();
            h.getState().resume();
            pruneSelection();
          },
          select: (ids, mode = "replace") => {
            const current = get().selection;
            let next: string[];
            if (mode === "replace") next = [...new Set(ids)];
            else if (mode === "add") next = [...new Set([...current, ...ids])];
            else {
              const toggled = new Set(current);
              for (const id of new Set(ids)) {
                if (toggled.has(id)) toggled.delete(id);
                else toggled.add(id);
              }
              next = [...toggled];
            }
            if (next.length === current.length && next.every((id, i) => id === current[i])) return;
            set({ selection: next });
          },
          setZoom: (pxPerSec) => {
            if (!Number.isFinite(pxPerSec)) return;
            set({ pxPerSec: Math.min(MAX_PX_PER_SEC, Math.max(MIN_PX_PER_SEC, pxPerSec)) });
          },
          setSnap: (snap) => set({ snap }),
          seek: (us) => {
            if (!Number.isFinite(us)) return;
            set({ playheadUs: Math.max(0, Math.round(us)) });
          },
          setLoop: (loop) => {
            if (!loop) return set({ loop: null });
            const startUs = Math.max(0, Math.round(Math.min(loop.startUs, loop.endUs)));
            const endUs = Math.max(0, Math.round(Math.max(loop.startUs, loop.endUs)));
            set({ loop: endUs > startUs ? { startUs, endUs } : null });
          },
        };
      },
      {
        partialize: (s): History => ({ timeline: s.timeline }),
        equality: (a, b) => a.timeline === b.timeline,
        limit: HISTORY_LIMIT,
      },
    ),
  );
  // canUndo/canRedo mirror the history so components can subscribe to them like any other field.
  const sync = (h: TemporalLike) => {
    const canUndo = h.pastStates.length > 0;
    const canRedo = h.futureStates.length > 0;
    const s = store.getState();
    if (s.canUndo !== canUndo || s.canRedo !== canRedo) store.setState({ canUndo, canRedo });
  };
  store.temporal.subscribe(sync);
  return store;
}

type TemporalLike = {
  pastStates: Partial<History>[];
  futureStates: Partial<History>[];
  undo: (steps?: number) => void;
  redo: (steps?: number) => void;
  clear: () => void;
  pause: () => void;
  resume: () => void;
};

const StudioContext = createContext<StudioStore | null>(null);

/** Makes one store for the editor below it; `initial` is read once (use `load` to replace it). */
export function StudioStoreProvider({ initial, children }: { initial: StudioTimeline; children?: ReactNode }) {
  const [store] = useState(() => createStudioStore(initial));
  return createElement(StudioContext.Provider, { value: store }, children);
}

/** The store itself, for event handlers that read state without subscribing (getState()). */
export function useStudioStore(): StudioStore {
  const store = useContext(StudioContext);
  if (!store) throw new Error("useStudio must be used inside <StudioStoreProvider>");
  return store;
}

/**
 * Subscribes to a slice of the editor state. A selector that builds a new object or array each
 * time must be wrapped with zustand's `useShallow`.
 */
export function useStudio<T>(selector: (s: StudioState) => T): T {
  return useStore(useStudioStore(), selector);
}
