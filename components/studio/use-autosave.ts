"use client";
// Debounced autosave with the project's version as a compare-and-set token. A teammate's save in
// between answers 409: autosave stops and the conflict dialog offers reload or overwrite, so
// nothing is silently lost. flush() saves now (apply and export read the saved timeline).
import { useCallback, useEffect, useRef, useSyncExternalStore } from "react";
import type { StudioTimeline } from "@/lib/studio/types";
import { ConflictError, getProject, parseTimeline, type SaveConflict, saveTimeline } from "./api";
import type { StudioStore } from "./editor-context";

const DEBOUNCE_MS = 800;
export type SaveStatus = "saved" | "dirty" | "saving" | "error" | "conflict";

export function useAutosave(projectId: string, store: StudioStore, initialVersion: number) {
  const version = useRef(initialVersion);
  const saved = useRef<StudioTimeline>(store.getState().timeline);
  const state = useRef<{ status: SaveStatus; conflict: SaveConflict | null; error: string | null }>({
    status: "saved",
    conflict: null,
    error: null,
  });
  const listeners = useRef(new Set<() => void>());
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const inflight = useRef<Promise<void> | null>(null);
  const rerun = useRef<() => void>(() => {});

  const set = useCallback((patch: Partial<typeof state.current>) => {
    state.current = { ...state.current, ...patch };
    for (const l of listeners.current) l();
  }, []);

  const save = useCallback(
    async (opts: { keepalive?: boolean } = {}): Promise<void> => {
      if (inflight.current) {
        await inflight.current;
      }
      const timeline = store.getState().timeline;
      if (timeline === saved.current || state.current.status === "conflict") return;
      set({ status: "saving" });
      const run = saveTimeline(projectId, timeline, version.current, opts)
        .then((r) => {
          version.current = r.version;
          saved.current = timeline;
          set({ status: store.getState().timeline === timeline ? "saved" : "dirty", error: null });
        })
        .catch((e: unknown) => {
          if (e instanceof ConflictError) set({ status: "conflict", conflict: e.conflict });
          else set({ status: "error", error: (e as Error).message });
        })
        .finally(() => {
          inflight.current = null;
        });
      inflight.current = run;
      await run;
      // Edits made while this save was in flight get their own save.
      if (state.current.status === "dirty") rerun.current();
    },
    [projectId, store, set],
  );

  const schedule = useCallback(() => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = setTimeout(() => {
      timer.current = null;
      void save();
    }, DEBOUNCE_MS);
  }, [save]);
  useEffect(() => {
    rerun.current = schedule;
  }, [schedule]);

  useEffect(
    () =>
      store.subscribe((s, p) => {
        if (s.timeline === p.timeline || s.timeline === saved.current) return;
        if (state.current.status !== "conflict") set({ status: "dirty" });
        schedule();
      }),
    [store, schedule, set],
  );

  // Leaving never drops an edit still waiting for its debounce: closing or reloading the page asks
  // first and, once the page goes, saves with a keepalive request; moving to another page of the app
  // (the editor unmounts, the page stays) saves at once.
  useEffect(() => {
    const warn = (e: BeforeUnloadEvent) => {
      if (state.current.status !== "saved") e.preventDefault();
    };
    const leave = () => {
      if (!timer.current) return;
      clearTimeout(timer.current);
      timer.current = null;
      void save({ keepalive: true });
    };
    window.addEventListener("beforeunload", warn);
    window.addEventListener("pagehide", leave);
    return () => {
      window.removeEventListener("beforeunload", warn);
      window.removeEventListener("pagehide", leave);
      leave();
    };
  }, [save]);

  const flush = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    await save();
    if (state.current.status === "conflict" || state.current.status === "error") throw new Error(state.current.status);
  }, [save]);

  /** Take the teammate's version: the local edits since our last save are dropped. */
  const reload = useCallback(async () => {
    const p = await getProject(projectId);
    const t = parseTimeline(p);
    version.current = p.version;
    saved.current = t;
    store.getState().load(t);
    saved.current = store.getState().timeline;
    set({ status: "saved", conflict: null });
  }, [projectId, store, set]);

  /** Keep ours: save on top of the current version. */
  const overwrite = useCallback(async () => {
    const p = await getProject(projectId);
    version.current = p.version;
    set({ status: "dirty", conflict: null });
    saved.current = p.timeline as StudioTimeline;
    await save();
  }, [projectId, save, set]);

  const snapshot = useSyncExternalStore(
    (l) => {
      listeners.current.add(l);
      return () => void listeners.current.delete(l);
    },
    () => state.current,
    () => state.current,
  );
  return { ...snapshot, flush, reload, overwrite };
}
