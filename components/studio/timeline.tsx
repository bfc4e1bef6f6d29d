"use client";
// The timeline surface, written by hand (see ARCHITECTURE.md): DOM boxes for clips, a small canvas
// per visible clip for peaks, one delegated @use-gesture handler for every drag (move, trim, fade,
// marquee, playhead, loop) and pinch/ctrl+wheel zoom. Drags preview by writing styles to the
// affected elements and commit ONE model op at the end (one undo entry, no per-frame React work).
import { useGesture } from "@use-gesture/react";
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef, useState } from "react";
import { useShallow } from "zustand/react/shallow";
import {
  addClip,
  addTrack,
  clipsInRange,
  moveClips,
  setClipProps,
  type SnapTargets,
  snapMoveDelta,
  snapTargets,
  snapTime,
  timelineDuration,
  trimClipEnd,
  trimClipStart,
} from "@/lib/studio/model";
import type { MediaRef, StudioClip } from "@/lib/studio/types";
import { ClipView, TRACK_H } from "./clip-view";
import { useEd, useEditor } from "./editor-context";
import { Ruler, RULER_H } from "./ruler";
import { TrackHeader } from "./track-header";
import { timecode, US } from "./time";
import { MEDIA_MIME } from "./media-bin-drag";

/** Width of the track headers; narrower on phones (read once when the editor's code loads: the
 * timeline renders only in the browser, after the project has loaded, so SSR never sees it). */
export let HEADER_W = 168;
if (typeof window !== "undefined" && window.matchMedia?.("(max-width: 639px)").matches) HEADER_W = 104;
const SNAP_PX = 8;
const OVERSCAN_PX = 400;

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

const trackIndexAt = (y: number) => Math.floor((y - RULER_H) / TRACK_H);

export function Timeline() {
  const t = useTranslations("studio");
  const { store, player, media, viewport } = useEditor();
  const tracks = useEd((s) => s.timeline.tracks);
  const clips = useEd((s) => s.timeline.clips);
  const mediaInfo = useEd((s) => s.timeline.media);
  const px = useEd((s) => s.pxPerSec);
  const selection = useEd(useShallow((s) => s.selection));
  const loop = useEd((s) => s.loop);
  const selected = useMemo(() => new Set(selection), [selection]);
  const content = useRef<HTMLDivElement>(null);
  const playhead = useRef<HTMLDivElement>(null);
  const marquee = useRef<HTMLDivElement>(null);
  // The visible window, unknown until the viewport is measured (before the first paint): the first
  // render then draws no clips rather than a guessed window it would redo at once.
  const [measured, setView] = useState<{ left: number; width: number } | null>(null);
  const view = measured ?? { left: 0, width: 0 };
  const drag = useRef<Drag>({ kind: "none" });
  // The element the pointer went down on: with pointer capture, later events target the container.
  const downTarget = useRef<HTMLElement | null>(null);
  const zoomAnchor = useRef<{ timeSec: number; offsetPx: number } | null>(null);

  const durationUs = timelineDuration({ tracks, clips, media: mediaInfo, schemaVersion: 1 });
  const contentW = HEADER_W + Math.max((durationUs / US + 30) * px, view.width);

  // Scroll position → visible window, at most once per frame (and once before the first paint).
  useLayoutEffect(() => {
    const el = viewport.current;
    if (!el) return;
    let raf = 0;
    const read = () => {
      raf = 0;
      setView((v) =>
        v && v.left === el.scrollLeft && v.width === el.clientWidth
          ? v
          : { left: el.scrollLeft, width: el.clientWidth },
      );
    };
    const onScroll = () => {
      raf ||= requestAnimationFrame(read);
    };
    read();
    el.addEventListener("scroll", onScroll, { passive: true });
    const ro = new ResizeObserver(onScroll);
    ro.observe(el);
    return () => {
      el.removeEventListener("scroll", onScroll);
      ro.disconnect();
      cancelAnimationFrame(raf);
    };
  }, [viewport]);

  // Zoom keeps the time under the pointer (or the playhead) where it was.
  useLayoutEffect(() => {
    const el = viewport.current;
    const a = zoomAnchor.current;
    if (!el || !a) return;
    zoomAnchor.current = null;
    el.scrollLeft = Math.max(0, a.timeSec * px + HEADER_W - a.offsetPx);
  }, [px, viewport]);

  // The playhead follows the player from rAF by writing its transform; React is not involved.
  useEffect(() => {
    const place = (us: number) => {
      const x = HEADER_W + (us / US) * store.getState().pxPerSec;
      if (playhead.current) playhead.current.style.transform = `translateX(${x}px)`;
    };
    place(store.getState().playheadUs);
    const offFrame = player.onFrame(place);
    const offStore = store.subscribe((s, p) => {
      if (s.playheadUs !== p.playheadUs || s.pxPerSec !== p.pxPerSec) place(player.positionUs());
    });
    return () => {
      offFrame();
      offStore();
    };
  }, [player, store]);

  const zoomTo = useCallback(
    (next: number, clientX?: number) => {
      const el = viewport.current;
      if (!el) return store.getState().setZoom(next);
      const rect = el.getBoundingClientRect();
      const offsetPx = clientX === undefined ? el.clientWidth / 2 : clientX - rect.left;
      const cur = store.getState().pxPerSec;
      zoomAnchor.current = { timeSec: (el.scrollLeft + offsetPx - HEADER_W) / cur, offsetPx };
      store.getState().setZoom(next);
    },
    [store, viewport],
  );

  const usAt = (clientX: number) => {
    const rect = content.current?.getBoundingClientRect();
    return ((clientX - (rect?.left ?? 0) - HEADER_W) / store.getState().pxPerSec) * US;
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
              const from = ((Math.min(d.x0, x1) - HEADER_W) / pxs) * US;
              const to = ((Math.max(d.x0, x1) - HEADER_W) / pxs) * US;
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
            else if (playhead.current) playhead.current.style.transform = `translateX(${HEADER_W + (us / US) * pxs}px)`;
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

  // Ctrl/Cmd+wheel zooms around the pointer at once: a mouse notch is one step, a trackpad pinch
  // (which Chromium reports as ctrl+wheel) many small ones.
  useEffect(() => {
    const el = content.current;
    if (!el) return;
    const onWheel = (e: WheelEvent) => {
      if (!e.ctrlKey && !e.metaKey) return;
      e.preventDefault();
      const dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      zoomTo(store.getState().pxPerSec * Math.exp(-dy * 0.002), e.clientX);
    };
    el.addEventListener("wheel", onWheel, { passive: false });
    return () => el.removeEventListener("wheel", onWheel);
  }, [store, zoomTo]);

  // Dropping media from the bin onto a lane makes a clip there.
  const onDrop = (e: React.DragEvent<HTMLDivElement>) => {
    const raw = e.dataTransfer.getData(MEDIA_MIME);
    if (!raw) return;
    e.preventDefault();
    const item = JSON.parse(raw) as { ref: MediaRef; name: string; durationUs: number };
    const rect = content.current?.getBoundingClientRect();
    const y = e.clientY - (rect?.top ?? 0);
    const s = store.getState();
    let tl = s.timeline;
    let idx = trackIndexAt(y);
    if (idx < 0 || idx >= tl.tracks.length) {
      tl = s.timeline;
      idx = tl.tracks.length;
    }
    const startUs = Math.max(0, Math.round(usAt(e.clientX)));
    s.apply((cur) => {
      let next = cur;
      if (idx >= next.tracks.length) next = addTrack(next, t("trackName", { n: next.tracks.length + 1 }));
      const trackId = next.tracks[Math.min(idx, next.tracks.length - 1)].id;
      const targets = snapTargets(next, { excludeIds: [], playheadUs: s.playheadUs, gridUs: s.gridUs });
      const start = s.snap && !e.altKey ? snapTime(startUs, targets, (SNAP_PX / s.pxPerSec) * US) : startUs;
      return addClip(next, { media: item.ref, info: { name: item.name, durationUs: item.durationUs }, trackId, start })
        .timeline;
    });
    media.remember([{ ...item, url: media.get(item.ref)?.url ?? "", kind: media.get(item.ref)?.kind ?? "" }]);
  };

  // Labels are formatted for visible clips only, once per clip version (a clip object is replaced on
  // every edit, so the object is the cache key; the track's name is checked beside it).
  const labelCache = useRef(new WeakMap<StudioClip, { track: string; label: string }>());
  const trackNames = new Map(tracks.map((k) => [k.id, k.name]));
  const labelOf = (c: StudioClip) => {
    const track = trackNames.get(c.trackId) ?? "";
    const hit = labelCache.current.get(c);
    if (hit && hit.track === track) return hit.label;
    const label = t("clipLabel", {
      track,
      name: mediaInfo[c.media]?.name ?? c.media,
      start: timecode(c.start),
      length: timecode(c.duration),
    });
    labelCache.current.set(c, { track, label });
    return label;
  };
  const fromPx = view.left - HEADER_W - OVERSCAN_PX;
  const toPx = view.left - HEADER_W + view.width + OVERSCAN_PX;
  const trackIndex = new Map(tracks.map((k, i) => [k.id, i]));
  const visible = !measured
    ? []
    : clips.filter((c) => {
        const l = (c.start / US) * px;
        return l < toPx && l + (c.duration / US) * px > fromPx && trackIndex.has(c.trackId);
      });

  return (
    <div
      ref={content}
      className="relative touch-pan-x touch-pan-y"
      style={{ width: contentW, height: RULER_H + tracks.length * TRACK_H + TRACK_H }}
      onKeyDown={(e) => {
        // Keyboard selection: Enter on a focused clip selects it (Shift+Enter adds or removes it).
        const id = (e.target as HTMLElement).dataset?.clipId;
        if (!id || e.key !== "Enter") return;
        e.preventDefault();
        store.getState().select([id], e.shiftKey ? "toggle" : "replace");
      }}
      onPointerDownCapture={(e) => {
        downTarget.current = e.target as HTMLElement;
      }}
      onDragOver={(e) => {
        if (e.dataTransfer.types.includes(MEDIA_MIME)) {
          e.preventDefault();
          e.dataTransfer.dropEffect = "copy";
        }
      }}
      onDrop={onDrop}
      data-testid="timeline"
    >
      <Ruler px={px} fromPx={Math.max(0, view.left)} widthPx={view.width} loop={loop} headerW={HEADER_W} />
      <div data-lanes className="absolute right-0 left-0" style={{ top: RULER_H }}>
        {tracks.map((track, i) => (
          <div
            key={track.id}
            className="absolute right-0 left-0 border-b border-zinc-200"
            style={{ top: i * TRACK_H, height: TRACK_H }}
            data-track-lane={track.id}
          >
            <TrackHeader track={track} index={i} width={HEADER_W} />
            <div
              role="list"
              aria-label={t("laneLabel", { name: track.name })}
              className={`absolute top-0 bottom-0 right-0 ${track.muted ? "opacity-50" : ""}`}
              style={{ left: HEADER_W }}
            >
              {visible
                .filter((c) => c.trackId === track.id)
                .map((c) => (
                  <ClipView
                    key={c.id}
                    clip={c}
                    name={mediaInfo[c.media]?.name ?? c.media}
                    label={labelOf(c)}
                    pxPerSec={px}
                    selected={selected.has(c.id)}
                    viewFromPx={view.left - HEADER_W}
                    viewToPx={view.left - HEADER_W + view.width}
                  />
                ))}
            </div>
          </div>
        ))}
        <div
          className="absolute right-0 left-0 flex items-center border-b border-dashed border-zinc-200 text-xs text-zinc-400"
          style={{ top: tracks.length * TRACK_H, height: TRACK_H, paddingLeft: HEADER_W + 12 }}
        >
          {t("dropHint")}
        </div>
      </div>
      {loop && (
        <div
          aria-hidden
          className="pointer-events-none absolute bottom-0 bg-amber-300/15"
          style={{
            top: RULER_H,
            left: HEADER_W + (loop.startUs / US) * px,
            width: ((loop.endUs - loop.startUs) / US) * px,
          }}
        />
      )}
      <div
        ref={playhead}
        data-testid="playhead"
        className="pointer-events-none absolute top-0 bottom-0 left-0 z-20 w-px bg-red-500"
      >
        <span
          data-role="playhead"
          className="pointer-events-auto absolute -top-0 -left-1.5 h-3 w-3 cursor-ew-resize rounded-b bg-red-500"
        />
      </div>
      <div
        ref={marquee}
        aria-hidden
        className="pointer-events-none absolute z-30 hidden border border-accent-500 bg-accent-500/10"
      />
    </div>
  );
}
