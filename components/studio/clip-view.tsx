"use client";
// One clip on a lane: a focusable box with its waveform (only the visible slice is drawn), trim
// handles on both edges and fade handles at the top corners with the fade drawn as a ramp. All
// pointer work is delegated to the timeline's gesture handler through data-role attributes.
import { memo, useEffect, useRef } from "react";
import type { StudioClip } from "@/lib/studio/types";
import { cx } from "@/components/ui/cx";
import { afterPaint } from "./after-paint";
import { scheduleDraw } from "./draw-queue";
import { drawPeaks, levelFor, loadPeaks } from "./peaks";
import { US } from "./time";

export const TRACK_H = 72;

type Props = {
  clip: StudioClip;
  label: string;
  name: string;
  pxPerSec: number;
  selected: boolean;
  /** The visible window in px of the lane, so only that part of the waveform is drawn. */
  viewFromPx: number;
  viewToPx: number;
};

const MAX_CANVAS_PX = 4096;
/** Below this width a clip is drawn as a plain box. */
const COMPACT_PX = 28;

export const ClipView = memo(function ClipView({ clip, label, name, pxPerSec, selected, viewFromPx, viewToPx }: Props) {
  const left = (clip.start / US) * pxPerSec;
  const width = Math.max(2, (clip.duration / US) * pxPerSec);
  const fadeIn = (clip.fadeIn / US) * pxPerSec;
  const fadeOut = (clip.fadeOut / US) * pxPerSec;
  // The canvas spans the visible part of the clip only (bounded), so long clips at high zoom stay cheap.
  const drawFrom = Math.max(0, Math.floor(viewFromPx - left));
  const drawTo = Math.min(width, Math.ceil(viewToPx - left), drawFrom + MAX_CANVAS_PX);
  const canvasW = Math.max(0, drawTo - drawFrom);
  const canvas = useRef<HTMLCanvasElement>(null);

  useEffect(() => {
    const el = canvas.current;
    if (!el || canvasW <= 0) return;
    let live = true;
    let unqueue = () => {};
    const spp = levelFor(clip.media, pxPerSec);
    // The boxes paint first: the peaks are asked for (and drawn) only after that frame.
    const cancelLoad = afterPaint(() => {
      loadPeaks(clip.media, spp).then((w) => {
        if (!live || !w) return;
        unqueue = scheduleDraw(() => {
          if (!canvas.current) return;
          drawPeaks(
            canvas.current,
            w,
            clip.sourceStart / US + drawFrom / pxPerSec,
            pxPerSec,
            selected ? "#3730a3" : "#4f46e5",
          );
        });
      });
    });
    return () => {
      live = false;
      cancelLoad();
      unqueue();
    };
  }, [clip.media, clip.sourceStart, pxPerSec, drawFrom, canvasW, selected]);

  if (width < COMPACT_PX) {
    // Zoomed far out: a bare box (no handles, name or waveform) keeps thousands of clips cheap.
    return (
      <div
        data-clip-id={clip.id}
        data-role="clip"
        role="button"
        tabIndex={0}
        aria-label={label}
        aria-pressed={selected}
        className={cx(
          "absolute top-1 bottom-1 touch-none rounded-sm border",
          selected ? "border-accent-700 bg-accent-500" : "border-accent-500/60 bg-accent-100",
        )}
        style={{ left, width }}
      />
    );
  }
  return (
    <div
      data-clip-id={clip.id}
      data-role="clip"
      role="button"
      tabIndex={0}
      aria-label={label}
      aria-pressed={selected}
      className={cx(
        "group absolute top-1 bottom-1 touch-none overflow-hidden rounded-md border text-left select-none",
        selected ? "border-accent-700 bg-accent-100 ring-2 ring-accent-500" : "border-accent-500/60 bg-accent-50",
      )}
      style={{ left, width }}
    >
      {canvasW > 0 && (
        <canvas
          ref={canvas}
          aria-hidden
          className="pointer-events-none absolute top-4 h-[calc(100%-1rem)]"
          style={{ left: drawFrom, width: canvasW }}
        />
      )}
      <span className="pointer-events-none absolute top-0.5 left-2 right-6 truncate text-[11px] font-medium text-zinc-800">
        {name}
        {clip.volume !== 1 && <span className="ml-1 text-zinc-500">{Math.round(clip.volume * 100)}%</span>}
      </span>
      {/* Fades: the shaded triangle is the attenuated part above the linear ramp. */}
      <div
        data-fade="in"
        aria-hidden
        className="pointer-events-none absolute top-0 bottom-0 left-0 bg-zinc-900/25 [clip-path:polygon(0_0,100%_0,0_100%)]"
        style={{ width: fadeIn }}
      />
      <div
        data-fade="out"
        aria-hidden
        className="pointer-events-none absolute top-0 right-0 bottom-0 bg-zinc-900/25 [clip-path:polygon(0_0,100%_0,100%_100%)]"
        style={{ width: fadeOut }}
      />
      <span
        data-role="fade-in"
        aria-hidden
        title="Fade in"
        className="absolute top-0 z-10 size-3 -translate-x-1/2 cursor-ew-resize rounded-full border border-white bg-accent-700 opacity-70 group-hover:opacity-100"
        style={{ left: Math.max(6, fadeIn) }}
      />
      <span
        data-role="fade-out"
        aria-hidden
        title="Fade out"
        className="absolute top-0 z-10 size-3 translate-x-1/2 cursor-ew-resize rounded-full border border-white bg-accent-700 opacity-70 group-hover:opacity-100"
        style={{ right: Math.max(6, fadeOut) }}
      />
      <span
        data-role="trim-start"
        aria-hidden
        className="absolute top-3 bottom-0 left-0 z-10 w-2 cursor-col-resize bg-accent-600/0 hover:bg-accent-600/50"
      />
      <span
        data-role="trim-end"
        aria-hidden
        className="absolute top-3 right-0 bottom-0 z-10 w-2 cursor-col-resize bg-accent-600/0 hover:bg-accent-600/50"
      />
    </div>
  );
});
