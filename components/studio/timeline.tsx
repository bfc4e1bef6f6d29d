"use client";
// The timeline surface, written by hand (see ARCHITECTURE.md): DOM boxes for clips, a small canvas
// per visible clip for peaks, one delegated @use-gesture handler for every drag (move, trim, fade,
// marquee, playhead, loop) and pinch/ctrl+wheel zoom (use-timeline-gestures.ts). Drags preview by
// writing styles to the affected elements and commit ONE model op at the end (one undo entry, no
// per-frame React work).
import { useTranslations } from "next-intl";
import { useCallback, useEffect, useLayoutEffect, useMemo, useRef } from "react";
import { useShallow } from "zustand/react/shallow";
import { addClip, addTrack, snapTargets, snapTime, timelineDuration } from "@/lib/studio/model";
import type { MediaRef, StudioClip } from "@/lib/studio/types";
import { ClipView, TRACK_H } from "./clip-view";
import { useEd, useEditor } from "./editor-context";
import { MEDIA_MIME } from "./media-bin-drag";
import { RULER_H, Ruler } from "./ruler";
import { timecode, US } from "./time";
import { TrackHeader } from "./track-header";
import { SNAP_PX, trackIndexAt, useTimelineGestures } from "./use-timeline-gestures";
import { useVisibleWindow } from "./use-visible-window";

/** Width of the track headers; narrower on phones (read once when the editor's code loads: the
 * timeline renders only in the browser, after the project has loaded, so SSR never sees it). */
export let HEADER_W = 168;
if (typeof window !== "undefined" && window.matchMedia?.("(max-width: 639px)").matches) HEADER_W = 104;
const OVERSCAN_PX = 400;

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
  const view = useVisibleWindow(viewport);
  const zoomAnchor = useRef<{ timeSec: number; offsetPx: number } | null>(null);

  const durationUs = timelineDuration({ tracks, clips, media: mediaInfo, schemaVersion: 1 });
  const contentW = HEADER_W + Math.max((durationUs / US + 30) * px, view.width);

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

  const { usAt, onPointerDownCapture } = useTimelineGestures({
    store,
    player,
    content,
    playhead,
    marquee,
    selected,
    zoomTo,
    headerW: HEADER_W,
  });

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
  // Clips see the window's width rounded up to 256 px: the first measurement of the viewport (or a
  // small resize) then leaves every clip's props as they were, so only the lanes re-render.
  const clipViewW = Math.ceil(view.width / 256) * 256;
  const fromPx = view.left - HEADER_W - OVERSCAN_PX;
  const toPx = view.left - HEADER_W + clipViewW + OVERSCAN_PX;
  const trackIndex = new Map(tracks.map((k, i) => [k.id, i]));
  const visible = clips.filter((c) => {
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
      onPointerDownCapture={onPointerDownCapture}
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
                    viewToPx={view.left - HEADER_W + clipViewW}
                  />
                ))}
            </div>
          </div>
        ))}
        <div
          className="absolute right-0 left-0 flex items-center border-b border-dashed border-zinc-200 text-xs text-zinc-500"
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
