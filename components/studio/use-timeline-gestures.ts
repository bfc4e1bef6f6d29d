"use client";
// Every pointer gesture on the timeline, delegated from its container through data-role
// attributes: move (also across tracks), trim, fade, marquee, playhead seek, loop selection and
// pinch zoom. Drags preview by writing styles to the affected elements and commit ONE model op at
// the end (one undo entry, no per-frame React work).
import { useGesture } from "@use-gesture/react";
import { type RefObject, useRef } from "react";
import {
  clipsInRange,
  moveClips,
  setClipProps,
  type SnapTargets,
  snapMoveDelta,
  snapTargets,
  snapTime,
  trimClipEnd,
  trimClipStart,
} from "@/lib/studio/model";
import type { StudioClip } from "@/lib/studio/types";
import { TRACK_H } from "./clip-view";
import type { Editor } from "./editor-context";
import { RULER_H } from "./ruler";
import { US } from "./time";

export const SNAP_PX = 8;
export const trackIndexAt = (y: number) => Math.floor((y - RULER_H) / TRACK_H);

type Drag =
  | {
      kind: "move";
      ids: string[];
      anchor: StudioClip;
      minStart: number;
      minTrack: number;
      maxTrack: number;
      targets: SnapTargets;
      els: HTMLElement[];
    }
  | {
      kind: "trim-start" | "trim-end" | "fade-in" | "fade-out";
      clip: StudioClip;
      el: HTMLElement;
      targets: SnapTargets;
      mediaUs: number;
    }
  | { kind: "marquee"; x0: number; y0: number }
  | { kind: "seek" }
  | { kind: "loop"; fromUs: number }
  | { kind: "none" };

type Options = {
  store: Editor["store"];
  player: Editor["player"];
  content: RefObject<HTMLDivElement | null>;
  playhead: RefObject<HTMLDivElement | null>;
  marquee: RefObject<HTMLDivElement | null>;
  selected: ReadonlySet<string>;
  zoomTo: (pxPerSec: number, clientX?: number) => void;
  headerW: number;
};

export function useTimelineGestures({ store, player, content, playhead, marquee, selected, zoomTo, headerW }: Options) {
  const drag = useRef<Drag>({ kind: "none" });
  // The element the pointer went down on: with pointer capture, later events target the container.
  const downTarget = useRef<HTMLElement | null>(null);

  const usAt = (clientX: number) => {
    const rect = content.current?.getBoundingClientRect();
    return ((clientX - (rect?.left ?? 0) - headerW) / store.getState().pxPerSec) * US;
  };
  const snapUs = (us: number, targets: SnapTargets, alt: boolean) => {
    const s = store.getState();
    if (!s.snap || alt) return us;
    return snapTime(us, targets, (SNAP_PX / s.pxPerSec) * US);
  };

  const onTap = (clientX: number, additive: boolean, alt: boolean) => {
    const s = store.getState();
    const target = downTarget.current;
    if (!target || target.closest("input, button, select, textarea, [data-role='header']")) return;
    const clipEl = target.closest<HTMLElement>("[data-clip-id]");
    const id = clipEl?.dataset.clipId;
    if (id) return s.select([id], additive ? "toggle" : "replace");
    if (target.closest("[data-role='ruler'], [data-role='playhead']")) {
      if (s.loop && additive) s.setLoop(null);
      const targets = snapTargets(s.timeline, { excludeIds: [], playheadUs: null, gridUs: s.gridUs });
      return player.seek(snapUs(Math.max(0, usAt(clientX)), targets, alt));
    }
    if (target.closest("[data-lanes]")) {
      if (!additive) s.select([], "replace");
      player.seek(Math.max(0, usAt(clientX)));
    }
  };

  useGesture(
    {
      onDrag: ({
        first,
        last,
        tap,
        event,
        movement: [mx, my],
        xy: [x, y],
        initial: [ix, iy],
        shiftKey,
        altKey,
        metaKey,
        ctrlKey,
        cancel,
      }) => {
        const s = store.getState();
        const pxs = s.pxPerSec;
        const dUs = (mx / pxs) * US;
        if (tap) {
          // A click (use-gesture reports taps once, at release): select on clips, seek on the ruler
          // and on empty lanes (which also clears the selection).
          if (last) onTap(x, shiftKey || metaKey || ctrlKey, altKey);
          return;
        }
        if (first) {
          const target = downTarget.current ?? (event.target as HTMLElement);
          const roleEl = target.closest<HTMLElement>("[data-role]");
          const role = roleEl?.dataset.role;
          const clipEl = target.closest<HTMLElement>("[data-clip-id]");
          const clip = clipEl ? s.timeline.clips.find((c) => c.id === clipEl.dataset.clipId) : undefined;
          const targetsFor = (ids: string[]) =>
            snapTargets(s.timeline, { excludeIds: ids, playheadUs: s.playheadUs, gridUs: s.gridUs });
          if (role === "header" || target.closest("input, button, select, textarea")) {
            drag.current = { kind: "none" };
            cancel();
            return;
          }
          if (role === "ruler" || role === "playhead") {
            drag.current =
              shiftKey && role === "ruler" ? { kind: "loop", fromUs: Math.max(0, usAt(ix)) } : { kind: "seek" };
          } else if (clip && clipEl && role && role !== "clip") {
            drag.current = {
              kind: role as "trim-start",
              clip,
              el: clipEl,
              targets: targetsFor([clip.id]),
              mediaUs: s.timeline.media[clip.media]?.durationUs ?? Number.POSITIVE_INFINITY,
            };
          } else if (clip && clipEl) {
            let ids = s.selection;
            if (!selected.has(clip.id)) {
              ids = shiftKey || metaKey || ctrlKey ? [...s.selection, clip.id] : [clip.id];
              s.select(ids, "replace");
            }
            const idx = new Map(s.timeline.tracks.map((k, i) => [k.id, i]));
            const moving = s.timeline.clips.filter((c) => ids.includes(c.id));
            const trackIdx = moving.map((c) => idx.get(c.trackId) ?? 0);
            drag.current = {
              kind: "move",
              ids,
              anchor: clip,
              minStart: Math.min(...moving.map((c) => c.start)),
              minTrack: Math.min(...trackIdx),
              maxTrack: Math.max(...trackIdx),
              targets: targetsFor(ids),
              els: ids.flatMap((id) => [
                ...(content.current?.querySelectorAll<HTMLElement>(`[data-clip-id="${id}"]`) ?? []),
              ]),
            };
            // The moving boxes get their own compositor layers for the drag: each frame then only
            // moves them, instead of repainting the (timeline-wide) lanes under them.
            for (const el of drag.current.els) el.style.willChange = "transform";
          } else if (target.closest("[data-lanes]")) {
            const rect = content.current?.getBoundingClientRect();
            drag.current = { kind: "marquee", x0: ix - (rect?.left ?? 0), y0: iy - (rect?.top ?? 0) };
          } else {
            drag.current = { kind: "none" };
            cancel();
            return;
          }
        }
        const d = drag.current;
        switch (d.kind) {
          case "move": {
            let delta = dUs;
            if (s.snap && !altKey) delta = snapMoveDelta(s.timeline, d.ids, delta, d.targets, (SNAP_PX / pxs) * US);
            delta = Math.max(delta, -d.minStart);
            const nTracks = s.timeline.tracks.length;
            const trackDelta = Math.min(nTracks - 1 - d.maxTrack, Math.max(-d.minTrack, Math.round(my / TRACK_H)));
            if (last) {
              for (const el of d.els) {
                el.style.transform = "";
                el.style.willChange = "";
              }
              if (Math.round(delta) !== 0 || trackDelta !== 0)
                s.apply((tl) => moveClips(tl, d.ids, Math.round(delta), trackDelta));
            } else {
              const tx = (delta / US) * pxs;
              for (const el of d.els) el.style.transform = `translate(${tx}px, ${trackDelta * TRACK_H}px)`;
            }
            break;
          }
          case "trim-start":
          case "trim-end": {
            const c = d.clip;
            const end = c.start + c.duration;
            const minLen = Math.min(c.duration, (4 / pxs) * US);
            if (d.kind === "trim-start") {
              let ns = snapUs(c.start + dUs, d.targets, altKey);
              ns = Math.min(end - minLen, Math.max(ns, c.start - c.sourceStart, 0));
              if (last) s.apply((tl) => trimClipStart(tl, c.id, Math.round(ns)));
              else {
                d.el.style.left = `${(ns / US) * pxs}px`;
                d.el.style.width = `${((end - ns) / US) * pxs}px`;
              }
            } else {
              let ne = snapUs(end + dUs, d.targets, altKey);
              ne = Math.max(c.start + minLen, Math.min(ne, c.start - c.sourceStart + d.mediaUs));
              if (last) s.apply((tl) => trimClipEnd(tl, c.id, Math.round(ne)));
              else d.el.style.width = `${((ne - c.start) / US) * pxs}px`;
            }
            break;
          }
          case "fade-in":
          case "fade-out": {
            const c = d.clip;
            const isIn = d.kind === "fade-in";
            const other = isIn ? c.fadeOut : c.fadeIn;
            const cur = isIn ? c.fadeIn : c.fadeOut;
            const v = Math.round(Math.min(c.duration - other, Math.max(0, cur + (isIn ? dUs : -dUs))));
            if (last) s.apply((tl) => setClipProps(tl, c.id, isIn ? { fadeIn: v } : { fadeOut: v }));
            else {
              const el = d.el.querySelector<HTMLElement>(`[data-fade="${isIn ? "in" : "out"}"]`);
              if (el) el.style.width = `${(v / US) * pxs}px`;
            }
            break;
          }
          case "marquee": {
            const rect = content.current?.getBoundingClientRect();
            const x1 = x - (rect?.left ?? 0);
            const y1 = y - (rect?.top ?? 0);
            const box = marquee.current;
            if (last) {
              if (box) box.style.display = "none";
              const from = ((Math.min(d.x0, x1) - headerW) / pxs) * US;
              const to = ((Math.max(d.x0, x1) - headerW) / pxs) * US;
              const t0 = Math.max(0, trackIndexAt(Math.min(d.y0, y1)));
              const t1 = trackIndexAt(Math.max(d.y0, y1));
              const trackIds = s.timeline.tracks.slice(t0, t1 + 1).map((k) => k.id);
              const ids = clipsInRange(s.timeline, { fromUs: from, toUs: to, trackIds });
              s.select(ids, shiftKey ? "add" : "replace");
            } else if (box) {
              Object.assign(box.style, {
                display: "block",
                left: `${Math.min(d.x0, x1)}px`,
                top: `${Math.min(d.y0, y1)}px`,
                width: `${Math.abs(x1 - d.x0)}px`,
                height: `${Math.abs(y1 - d.y0)}px`,
              });
            }
            break;
          }
          case "seek": {
            const us = snapUs(
              Math.max(0, usAt(x)),
              snapTargets(s.timeline, { excludeIds: [], playheadUs: null, gridUs: s.gridUs }),
              altKey,
            );
            if (last) player.seek(us);
            else if (playhead.current) playhead.current.style.transform = `translateX(${headerW + (us / US) * pxs}px)`;
            break;
          }
          case "loop": {
            const us = Math.max(0, usAt(x));
            const a = Math.min(d.fromUs, us);
            const b = Math.max(d.fromUs, us);
            if (b - a > 10_000) s.setLoop({ startUs: Math.round(a), endUs: Math.round(b) });
            break;
          }
        }
        if (last) drag.current = { kind: "none" };
      },
      onPinch: ({ offset: [scale], origin: [ox], event, memo }) => {
        event.preventDefault();
        // Ctrl/Cmd+wheel (also a trackpad pinch) is handled below, per event, without a threshold.
        if (event.type === "wheel") return memo;
        // The zoom the gesture started from; the first emitted event need not have `first` set
        // (a pinch becomes intentional after a threshold), so derive it whenever memo is missing.
        const base = (memo as number | undefined) ?? store.getState().pxPerSec / scale;
        zoomTo(base * scale, ox);
        return base;
      },
    },
    {
      target: content,
      eventOptions: { passive: false },
      drag: { filterTaps: true, pointer: { buttons: 1, keys: false } },
      pinch: { scaleBounds: { min: 0.001, max: 1000 }, modifierKey: "ctrlKey" },
    },
  );

  const onPointerDownCapture = (e: React.PointerEvent) => {
    downTarget.current = e.target as HTMLElement;
  };
  return { usAt, onPointerDownCapture };
}
