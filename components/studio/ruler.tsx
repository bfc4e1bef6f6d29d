"use client";
// Time code ruler: ticks only for the visible window; a click/drag seeks, shift+drag sets the loop.
import { useTranslations } from "next-intl";
import { memo } from "react";
import { useEd } from "./editor-context";
import { tickStep, timecode, US } from "./time";

export const RULER_H = 28;

type Props = {
  px: number;
  fromPx: number;
  widthPx: number;
  loop: { startUs: number; endUs: number } | null;
  headerW: number;
};

export const Ruler = memo(function Ruler({ px, fromPx, widthPx, loop, headerW }: Props) {
  const t = useTranslations("studio");
  const playheadUs = useEd((s) => s.playheadUs);
  const step = tickStep(px);
  const first = Math.max(0, Math.floor((fromPx - headerW) / px / step) * step);
  const last = (fromPx - headerW + widthPx) / px;
  const ticks: number[] = [];
  for (let s = first; s <= last + step; s += step) ticks.push(s);
  return (
    <div className="sticky top-0 z-20 bg-zinc-50" style={{ height: RULER_H }}>
      <div
        data-role="ruler"
        role="slider"
        tabIndex={0}
        aria-label={t("playhead")}
        aria-valuemin={0}
        aria-valuemax={Number.MAX_SAFE_INTEGER}
        aria-valuenow={playheadUs}
        aria-valuetext={timecode(playheadUs)}
        className="absolute top-0 right-0 bottom-0 cursor-pointer touch-none border-b border-zinc-300"
        style={{ left: headerW }}
      >
        {loop && (
          <div
            aria-hidden
            className="absolute top-0 h-2 rounded-b bg-amber-400"
            style={{ left: (loop.startUs / US) * px, width: ((loop.endUs - loop.startUs) / US) * px }}
          />
        )}
        {ticks.map((s) => (
          <span
            key={s}
            aria-hidden
            className="absolute bottom-0 h-2 border-l border-zinc-400 pl-1 text-[10px] leading-none text-zinc-500"
            style={{ left: s * px }}
          >
            <span className="absolute bottom-2.5 left-1 whitespace-nowrap font-mono">{timecode(s * US, step < 1)}</span>
          </span>
        ))}
      </div>
      <div
        className="sticky left-0 z-10 flex h-full items-center border-r border-b border-zinc-300 bg-zinc-50 px-2 font-mono text-xs text-zinc-600"
        style={{ width: headerW }}
      >
        <span data-testid="time-readout" data-time-readout>
          {timecode(playheadUs)}
        </span>
      </div>
    </div>
  );
});
