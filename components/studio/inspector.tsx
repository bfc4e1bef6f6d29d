"use client";
// The selected clip as numbers: volume (0–1) and fades (seconds), plus where it sits. A slider drag
// is one undo entry (beginGesture/endGesture around it).
import { useTranslations } from "next-intl";
import { useShallow } from "zustand/react/shallow";
import { setClipProps } from "@/lib/studio/model";
import type { StudioClip } from "@/lib/studio/types";
import { useEd, useEditor } from "./editor-context";
import { timecode, US } from "./time";

function NumberField({
  label,
  value,
  min,
  max,
  step,
  onCommit,
  testId,
}: {
  label: string;
  value: number;
  min: number;
  max: number;
  step: number;
  onCommit: (v: number) => void;
  testId?: string;
}) {
  return (
    <label className="block text-xs text-zinc-600">
      {label}
      <input
        key={value}
        type="number"
        data-testid={testId}
        defaultValue={Number(value.toFixed(3))}
        min={min}
        max={max}
        step={step}
        onBlur={(e) => {
          const v = Number(e.target.value);
          if (Number.isFinite(v) && v !== value) onCommit(Math.min(max, Math.max(min, v)));
        }}
        onKeyDown={(e) => e.key === "Enter" && e.currentTarget.blur()}
        className="mt-0.5 block h-8 w-full rounded border border-zinc-300 px-2 text-sm text-zinc-900"
      />
    </label>
  );
}

export function Inspector() {
  const t = useTranslations("studio");
  const { store } = useEditor();
  const clips = useEd(useShallow((s) => s.timeline.clips.filter((c) => s.selection.includes(c.id)))) as StudioClip[];
  const tracks = useEd((s) => s.timeline.tracks);
  const names = useEd((s) => s.timeline.media);
  const apply = store.getState().apply;
  if (!clips.length) return <p className="text-xs text-zinc-500">{t("inspectorEmpty")}</p>;
  if (clips.length > 1) return <p className="text-xs text-zinc-600">{t("selectedCount", { n: clips.length })}</p>;
  const c = clips[0];
  const set = (p: Partial<Pick<StudioClip, "volume" | "fadeIn" | "fadeOut">>) =>
    apply((tl) => setClipProps(tl, c.id, p));
  return (
    <section aria-label={t("inspector")} className="space-y-3" data-testid="inspector">
      <div>
        <p className="truncate text-sm font-medium text-zinc-900">{names[c.media]?.name ?? c.media}</p>
        <p className="text-xs text-zinc-500">
          {tracks.find((k) => k.id === c.trackId)?.name} · {timecode(c.start)} · {timecode(c.duration)}
        </p>
        <p className="text-xs text-zinc-500">
          {t("inPoint")} {timecode(c.sourceStart)}
        </p>
      </div>
      <label className="block text-xs text-zinc-600">
        {t("volume")} <span className="font-mono">{Math.round(c.volume * 100)}%</span>
        <input
          type="range"
          min={0}
          max={1}
          step={0.01}
          value={c.volume}
          aria-valuetext={`${Math.round(c.volume * 100)}%`}
          onPointerDown={() => store.getState().beginGesture()}
          onPointerUp={() => store.getState().endGesture()}
          onChange={(e) => set({ volume: Number(e.target.value) })}
          className="mt-1 block w-full accent-accent-600"
        />
      </label>
      <NumberField
        label={t("volumeExact")}
        value={c.volume}
        min={0}
        max={1}
        step={0.01}
        onCommit={(v) => set({ volume: v })}
      />
      <NumberField
        label={t("fadeInSec")}
        testId="fade-in-input"
        value={c.fadeIn / US}
        min={0}
        max={(c.duration - c.fadeOut) / US}
        step={0.1}
        onCommit={(v) => set({ fadeIn: Math.round(v * US) })}
      />
      <NumberField
        label={t("fadeOutSec")}
        testId="fade-out-input"
        value={c.fadeOut / US}
        min={0}
        max={(c.duration - c.fadeIn) / US}
        step={0.1}
        onCommit={(v) => set({ fadeOut: Math.round(v * US) })}
      />
    </section>
  );
}
