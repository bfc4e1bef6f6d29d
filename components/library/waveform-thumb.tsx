"use client";
// A library item's waveform as a small picture: the coarsest stored peaks level that still gives
// one peak pair per pixel, from the shared peaks cache (Studio's bin and clips use the same).
import { useEffect, useRef } from "react";
import { type LibraryItem, peaksLevel, useLibraryItem, usePeaks } from "@/components/library/use-library";
import { drawPeaks } from "@/components/studio/peaks";

export function WaveformThumb({ item, width = 96 }: { item: LibraryItem; width?: number }) {
  const ref = useRef<HTMLCanvasElement>(null);
  // A row the server has not measured yet: ask for the item, which measures it on demand.
  const measured = useLibraryItem(item.durationUs ? null : item.ref);
  const durationUs = item.durationUs ?? measured.data?.durationUs ?? null;
  const pxPerSec = durationUs ? width / (durationUs / 1e6) : 0;
  // 48 kHz stands in for the rate until the first answer names it; one level too fine is harmless.
  const peaks = usePeaks(durationUs ? item.ref : null, peaksLevel(48_000, pxPerSec || 1));
  useEffect(() => {
    if (peaks.data && ref.current && pxPerSec) drawPeaks(ref.current, peaks.data, 0, pxPerSec, "#6366f1");
  }, [peaks.data, pxPerSec]);
  return (
    <canvas
      ref={ref}
      aria-hidden
      data-testid="waveform-thumb"
      className="h-8 shrink-0 rounded bg-zinc-50"
      style={{ width }}
    />
  );
}

/** `m:ss` of a duration in µs, or an em dash while it is unknown. */
export function formatUs(us: number | null | undefined): string {
  if (!us) return "—";
  const s = Math.round(us / 1e6);
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}
