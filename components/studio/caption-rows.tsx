"use client";
// The draft's caption (text) tracks under the audio lanes, read-only: one row per track, each cue a
// box at its start with its text. They sit in the timeline's scroll container, so they scroll with
// it, and read the zoom (pxPerSec) from the editor's store; only cues near the visible window render.
import { useTranslations } from "next-intl";
import { timelineDuration } from "@/lib/studio/model";
import type { CaptionTrackView } from "./api";
import { useEd, useEditor } from "./editor-context";
import { timecode, US } from "./time";
import { useVisibleWindow } from "./use-visible-window";

const ROW_H = 36;
const OVERSCAN_PX = 400;

export function CaptionRows({ tracks, headerW }: { tracks: CaptionTrackView[]; headerW: number }) {
  const t = useTranslations("studio");
  const { viewport } = useEditor();
  const px = useEd((s) => s.pxPerSec);
  const audioUs = useEd((s) => timelineDuration(s.timeline));
  const view = useVisibleWindow(viewport);

  if (!tracks.length) return null;
  const captionsUs = Math.max(0, ...tracks.flatMap((k) => k.cues.map((c) => c.start + c.duration)));
  // The same width rule as the audio lanes (30 s of room after the end), so both scroll alike.
  const width = headerW + Math.max((Math.max(audioUs, captionsUs) / US + 30) * px, view.width);
  const fromPx = view.left - headerW - OVERSCAN_PX;
  const toPx = view.left - headerW + view.width + OVERSCAN_PX;

  return (
    <section aria-label={t("captionTracks")} data-testid="caption-rows" style={{ width }}>
      {tracks.map((track, i) => (
        <div
          key={track.id}
          className="relative flex border-b border-zinc-200 bg-amber-50/40"
          style={{ height: ROW_H }}
          data-testid="caption-track"
        >
          <div
            className="sticky left-0 z-10 flex shrink-0 flex-col justify-center border-r border-zinc-300 bg-white px-2"
            style={{ width: headerW }}
          >
            <span className="truncate text-xs font-medium text-zinc-800">{t("captionTrack", { n: i + 1 })}</span>
            <span className="text-[10px] text-zinc-500">{t("readOnly")}</span>
          </div>
          <ul aria-label={t("captionTrack", { n: i + 1 })} className="relative flex-1">
            {track.cues
              .filter((c) => {
                const l = (c.start / US) * px;
                return l < toPx && l + (c.duration / US) * px > fromPx;
              })
              .map((c) => (
                <li
                  key={c.id}
                  data-testid="caption-cue"
                  aria-label={t("captionLabel", {
                    text: c.text,
                    start: timecode(c.start),
                    length: timecode(c.duration),
                  })}
                  title={`${timecode(c.start)} +${timecode(c.duration)} · ${c.text}`}
                  className="absolute top-1 bottom-1 overflow-hidden rounded-sm border border-amber-400/70 bg-amber-100 px-1 text-[11px] leading-[26px] whitespace-nowrap text-amber-950"
                  style={{ left: (c.start / US) * px, width: Math.max(2, (c.duration / US) * px) }}
                >
                  {c.text}
                </li>
              ))}
          </ul>
        </div>
      ))}
    </section>
  );
}
