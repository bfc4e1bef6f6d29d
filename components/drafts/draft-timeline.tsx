"use client";
// A read-only view of a draft's audio: a seconds ruler, one row per track, each clip a box placed
// by start and length in % of the timeline, with its volume and fades drawn on it; caption tracks
// follow, a row each, every caption a box labelled by its text. Horizontally
// scrollable; the zoom widens the inner canvas. Hover or focus shows a clip's exact numbers.
import { useTranslations } from "next-intl";
import { useEffect, useId, useRef, useState, type FocusEvent, type MouseEvent } from "react";
import type { DraftClip, DraftDetail } from "@/components/data/types";
import { cx } from "@/components/ui/cx";
import { US_PER_SECOND, useFormatTimes } from "./format";

const ZOOMS = [1, 2, 4, 8] as const;
const STEPS_S = [0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1800, 3600];
/** Ticks per 100% of the visible width at zoom 1. */
const MAX_TICKS = 12;
/** Room a ruler label needs ("10:30" and a gap), so labels never run into each other on a phone. */
const MIN_TICK_PX = 52;
// The track-name column: narrower on a phone (set by the classes on the scroller).
const LABEL_W = "var(--label-w)";
const LABEL_VARS = "[--label-w:4.5rem] sm:[--label-w:6.5rem]";

const pct = (us: number, total: number) => `${(us / total) * 100}%`;

function rulerLabel(s: number) {
  if (s < 60) return `${s}s`;
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
}

type Tip = { clip: DraftClip; left: number; top: number; above: boolean };

/** Roughly the tooltip's height: it opens above the clip when there is no room below. */
const TIP_HEIGHT = 180;

export function DraftTimeline({ draft }: { draft: DraftDetail }) {
  const t = useTranslations("drafts");
  const { seconds, percent } = useFormatTimes();
  const tipId = useId();
  const wrap = useRef<HTMLDivElement>(null);
  const [zoom, setZoom] = useState<(typeof ZOOMS)[number]>(1);
  const [tip, setTip] = useState<Tip | null>(null);
  const scroller = useRef<HTMLDivElement>(null);
  const [laneWidth, setLaneWidth] = useState(0);
  useEffect(() => {
    const el = scroller.current;
    if (!el) return;
    const measure = () => {
      const label = Number.parseFloat(getComputedStyle(el).getPropertyValue("--label-w")) || 6.5;
      const rem = Number.parseFloat(getComputedStyle(document.documentElement).fontSize) || 16;
      setLaneWidth(Math.max(el.clientWidth - label * rem, 0));
    };
    measure();
    const observer = new ResizeObserver(measure);
    observer.observe(el);
    return () => observer.disconnect();
  }, []);

  const durationS = Math.max(draft.durationUs / US_PER_SECOND, 1);
  // As many ticks as fit with room for their labels, at most MAX_TICKS per screen width.
  const maxTicks = laneWidth > 0 ? Math.max(2, Math.min(MAX_TICKS, Math.floor(laneWidth / MIN_TICK_PX))) : MAX_TICKS;
  const step = STEPS_S.find((s) => durationS / s <= maxTicks * zoom) ?? STEPS_S.at(-1)!;
  // The canvas ends on a whole tick a little after the last clip, so the last clip never touches the edge.
  const totalS = Math.ceil((durationS * 1.02) / step) * step;
  const total = totalS * US_PER_SECOND;
  const ticks = Array.from({ length: Math.floor(totalS / step) + 1 }, (_, i) => i * step);

  const describe = (c: DraftClip) =>
    t("clipLabel", {
      name: c.name,
      start: seconds(c.startUs),
      length: seconds(c.endUs - c.startUs),
      end: seconds(c.endUs),
      volume: percent(c.volume),
      fadeIn: seconds(c.fadeInUs),
      fadeOut: seconds(c.fadeOutUs),
    });

  function show(clip: DraftClip, e: MouseEvent<HTMLElement> | FocusEvent<HTMLElement>) {
    const box = e.currentTarget.getBoundingClientRect();
    const outer = wrap.current?.getBoundingClientRect();
    if (!outer) return;
    const left = Math.min(Math.max(box.left - outer.left, 0), Math.max(outer.width - 288, 0));
    const above = box.bottom + TIP_HEIGHT > window.innerHeight && box.top > TIP_HEIGHT;
    setTip({ clip, left, top: above ? box.top - outer.top - 6 : box.bottom - outer.top + 6, above });
  }

  return (
    <div ref={wrap} className="relative space-y-2">
      <div className="flex items-center justify-end gap-2">
        <span id={`${tipId}-zoom`} className="text-xs font-medium text-zinc-600">
          {t("zoom")}
        </span>
        <div
          role="group"
          aria-labelledby={`${tipId}-zoom`}
          className="inline-flex overflow-hidden rounded-md border border-zinc-300 shadow-sm"
        >
          {ZOOMS.map((z) => (
            <button
              key={z}
              type="button"
              aria-pressed={zoom === z}
              onClick={() => setZoom(z)}
              className={cx(
                "h-8 px-3 text-xs font-medium tabular-nums not-first:border-l not-first:border-zinc-300",
                zoom === z ? "bg-accent-600 text-white" : "bg-white text-zinc-700 hover:bg-zinc-50",
              )}
            >
              {z}×
            </button>
          ))}
        </div>
      </div>

      <div
        ref={scroller}
        className={cx("overflow-x-auto rounded-lg border border-zinc-200 bg-white shadow-sm", LABEL_VARS)}
        onScroll={() => setTip(null)}
        data-testid="timeline"
      >
        <div
          className="relative"
          style={{ width: `calc(${LABEL_W} + (100% - ${LABEL_W}) * ${zoom})`, minWidth: "100%" }}
        >
          {/* Ruler */}
          <div className="flex border-b border-zinc-200 bg-zinc-50">
            <div
              className="sticky left-0 z-20 shrink-0 border-r border-zinc-200 bg-zinc-50 px-3 py-1.5 text-xs font-medium text-zinc-500"
              style={{ width: LABEL_W }}
            >
              {t("time")}
            </div>
            <div className="relative h-8 flex-1" aria-hidden>
              {ticks.map((s, i) => (
                <div
                  key={s}
                  className="absolute inset-y-0 border-l border-zinc-300"
                  style={{ left: pct(s * US_PER_SECOND, total) }}
                >
                  {/* The last label sits left of its line: to the right it would be cut off by the edge. */}
                  <span
                    className={cx(
                      "absolute top-1 text-[11px] whitespace-nowrap text-zinc-500 tabular-nums",
                      i === ticks.length - 1 && i > 0 ? "right-1" : "left-1",
                    )}
                  >
                    {rulerLabel(s)}
                  </span>
                </div>
              ))}
            </div>
          </div>

          {/* Tracks */}
          <ol aria-label={t("tracks")}>
            {draft.tracks.map((track, i) => (
              <li key={track.id} className="flex border-b border-zinc-100 last:border-b-0" data-testid="track">
                <div
                  className="sticky left-0 z-20 flex shrink-0 items-center border-r border-zinc-200 bg-white px-3 text-xs font-medium text-zinc-600"
                  style={{ width: LABEL_W }}
                >
                  {t("track", { n: i + 1 })}
                </div>
                <div className="relative h-16 flex-1">
                  {ticks.map((s) => (
                    <div
                      key={s}
                      aria-hidden
                      className="absolute inset-y-0 border-l border-zinc-100"
                      style={{ left: pct(s * US_PER_SECOND, total) }}
                    />
                  ))}
                  <ul aria-label={t("track", { n: i + 1 })}>
                    {track.clips.map((clip) => (
                      <li key={clip.id}>
                        <ClipBox
                          clip={clip}
                          total={total}
                          label={describe(clip)}
                          volumeText={percent(clip.volume)}
                          describedBy={tip?.clip.id === clip.id ? tipId : undefined}
                          onShow={show}
                          onHide={() => setTip(null)}
                        />
                      </li>
                    ))}
                  </ul>
                </div>
              </li>
            ))}
          </ol>

          {/* Caption tracks: a row each, every caption a box labelled by its text. */}
          {draft.captionTracks.length > 0 && (
            <ol aria-label={t("captionTracks")} className="border-t border-zinc-200">
              {draft.captionTracks.map((track, i) => (
                <li
                  key={track.id}
                  className="flex border-b border-zinc-100 last:border-b-0"
                  data-testid="caption-track"
                >
                  <div
                    className="sticky left-0 z-20 flex shrink-0 items-center border-r border-zinc-200 bg-white px-3 text-xs font-medium text-zinc-600"
                    style={{ width: LABEL_W }}
                  >
                    {t("captionTrack", { n: i + 1 })}
                  </div>
                  <ul aria-label={t("captionTrack", { n: i + 1 })} className="relative h-10 flex-1">
                    {track.captions.map((c) => (
                      <li
                        key={c.id}
                        tabIndex={0}
                        data-testid="caption"
                        aria-label={t("captionLabel", {
                          text: c.text,
                          start: seconds(c.startUs),
                          length: seconds(c.endUs - c.startUs),
                        })}
                        title={`${seconds(c.startUs)}–${seconds(c.endUs)} s · ${c.text}`}
                        className="absolute inset-y-1.5 overflow-hidden rounded-sm border border-amber-400/70 bg-amber-100 px-1 text-[11px] leading-[26px] whitespace-nowrap text-amber-950 outline-none focus-visible:ring-2 focus-visible:ring-accent-500"
                        style={{ left: pct(c.startUs, total), width: pct(Math.max(c.endUs - c.startUs, 1), total) }}
                      >
                        {c.text}
                      </li>
                    ))}
                  </ul>
                </li>
              ))}
            </ol>
          )}
        </div>
      </div>

      {tip && (
        <div
          id={tipId}
          role="tooltip"
          className="pointer-events-none absolute z-30 w-72 rounded-md border border-zinc-200 bg-zinc-900 px-3 py-2 text-xs text-zinc-100 shadow-lg"
          style={{ left: tip.left, top: tip.top, transform: tip.above ? "translateY(-100%)" : undefined }}
        >
          <p className="mb-1 truncate font-semibold">{tip.clip.name}</p>
          <dl className="grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5 tabular-nums">
            <dt className="text-zinc-400">{t("start")}</dt>
            <dd>{t("seconds", { value: seconds(tip.clip.startUs) })}</dd>
            <dt className="text-zinc-400">{t("length")}</dt>
            <dd>{t("seconds", { value: seconds(tip.clip.endUs - tip.clip.startUs) })}</dd>
            <dt className="text-zinc-400">{t("end")}</dt>
            <dd>{t("seconds", { value: seconds(tip.clip.endUs) })}</dd>
            <dt className="text-zinc-400">{t("volume")}</dt>
            <dd>{percent(tip.clip.volume)}</dd>
            <dt className="text-zinc-400">{t("fadeIn")}</dt>
            <dd>{t("seconds", { value: seconds(tip.clip.fadeInUs) })}</dd>
            <dt className="text-zinc-400">{t("fadeOut")}</dt>
            <dd>{t("seconds", { value: seconds(tip.clip.fadeOutUs) })}</dd>
            <dt className="text-zinc-400">{t("source")}</dt>
            <dd className="truncate">{t("seconds", { value: seconds(tip.clip.sourceDurationUs) })}</dd>
          </dl>
        </div>
      )}
    </div>
  );
}

type ClipBoxProps = {
  clip: DraftClip;
  total: number;
  label: string;
  volumeText: string;
  describedBy: string | undefined;
  onShow: (clip: DraftClip, e: MouseEvent<HTMLElement> | FocusEvent<HTMLElement>) => void;
  onHide: () => void;
};

function ClipBox({ clip, total, label, volumeText, describedBy, onShow, onHide }: ClipBoxProps) {
  const length = Math.max(clip.endUs - clip.startUs, 1);
  const fadeIn = Math.min(clip.fadeInUs / length, 1) * 100;
  const fadeOut = Math.min(clip.fadeOutUs / length, 1) * 100;
  const level = 100 - clip.volume * 100;
  return (
    <div
      tabIndex={0}
      role="img"
      aria-label={label}
      aria-describedby={describedBy}
      data-testid="clip"
      onMouseEnter={(e) => onShow(clip, e)}
      onMouseLeave={onHide}
      onFocus={(e) => onShow(clip, e)}
      onBlur={onHide}
      className="group @container absolute inset-y-2 overflow-hidden rounded-md border border-accent-500/60 bg-accent-100 text-accent-700 outline-none hover:border-accent-600 focus-visible:ring-2 focus-visible:ring-accent-500 focus-visible:ring-offset-1"
      style={{ left: pct(clip.startUs, total), width: pct(length, total) }}
    >
      {/* The gain envelope: rises over the fade-in, holds at the volume, falls over the fade-out. */}
      <svg
        aria-hidden
        className="absolute inset-x-0 top-4 bottom-0 h-[calc(100%-1rem)] w-full"
        viewBox="0 0 100 100"
        preserveAspectRatio="none"
      >
        <polygon points={`0,100 ${fadeIn},${level} ${100 - fadeOut},${level} 100,100`} className="fill-accent-500/25" />
        <polyline
          points={`0,100 ${fadeIn},${level} ${100 - fadeOut},${level} 100,100`}
          className="fill-none stroke-accent-600"
          strokeWidth={1.5}
          vectorEffect="non-scaling-stroke"
        />
      </svg>
      <div className="relative flex h-full min-w-0 items-start justify-between gap-1 px-1.5 py-1">
        {/* A narrow clip (a phone) drops the volume badge and wraps its name rather than cutting it to "…". */}
        <span className="line-clamp-2 min-w-0 text-[11px] leading-tight font-medium break-all @min-[7rem]:truncate">
          {clip.name}
        </span>
        <span className="shrink-0 rounded bg-white/80 px-1 text-[10px] leading-tight font-medium tabular-nums @max-[7rem]:hidden">
          {volumeText}
        </span>
      </div>
    </div>
  );
}
