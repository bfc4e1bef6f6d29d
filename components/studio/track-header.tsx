"use client";
// A track's header, sticky on the left of its lane: rename in place, mute, solo, remove.
import { useTranslations } from "next-intl";
import { memo, useState } from "react";
import { removeTrack, renameTrack, setTrackFlags } from "@/lib/studio/model";
import type { StudioTrack } from "@/lib/studio/types";
import { cx } from "@/components/ui/cx";
import { useEditor } from "./editor-context";

const flag = (on: boolean, tone: string) =>
  cx(
    "h-6 w-6 rounded text-[11px] font-bold",
    on ? tone : "border border-zinc-300 bg-white text-zinc-600 hover:bg-zinc-100",
  );

export const TrackHeader = memo(function TrackHeader({
  track,
  index,
  width,
}: {
  track: StudioTrack;
  index: number;
  width: number;
}) {
  const t = useTranslations("studio");
  const { store } = useEditor();
  const [name, setName] = useState(track.name);
  const [prev, setPrev] = useState(track.name);
  if (prev !== track.name) {
    setPrev(track.name);
    setName(track.name);
  }
  const apply = store.getState().apply;
  const commit = () => {
    const v = name.trim();
    if (v && v !== track.name) apply((tl) => renameTrack(tl, track.id, v.slice(0, 200)));
    else setName(track.name);
  };
  return (
    <div
      data-role="header"
      className="sticky left-0 z-10 flex h-full flex-col justify-between border-r border-zinc-300 bg-white p-1.5"
      style={{ width }}
    >
      <input
        value={name}
        onChange={(e) => setName(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === "Enter") e.currentTarget.blur();
          if (e.key === "Escape") {
            setName(track.name);
            e.currentTarget.blur();
          }
        }}
        aria-label={t("trackNameLabel", { n: index + 1 })}
        className="w-full rounded border border-transparent px-1 text-sm font-medium text-zinc-900 hover:border-zinc-300 focus:border-accent-500 focus:outline-none"
      />
      <div className="flex items-center gap-1">
        <button
          type="button"
          aria-pressed={track.muted}
          aria-label={t("mute", { name: track.name })}
          title={t("mute", { name: track.name })}
          className={flag(track.muted, "bg-zinc-700 text-white")}
          onClick={() => apply((tl) => setTrackFlags(tl, track.id, { muted: !track.muted }))}
        >
          M
        </button>
        <button
          type="button"
          aria-pressed={track.solo}
          aria-label={t("solo", { name: track.name })}
          title={t("solo", { name: track.name })}
          className={flag(track.solo, "bg-amber-400 text-zinc-900")}
          onClick={() => apply((tl) => setTrackFlags(tl, track.id, { solo: !track.solo }))}
        >
          S
        </button>
        <button
          type="button"
          aria-label={t("removeTrack", { name: track.name })}
          title={t("removeTrack", { name: track.name })}
          className="ml-auto h-6 w-6 rounded text-zinc-500 hover:bg-red-50 hover:text-red-700"
          onClick={() => apply((tl) => removeTrack(tl, track.id))}
        >
          ×
        </button>
      </div>
    </div>
  );
});
