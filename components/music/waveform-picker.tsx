"use client";
// The source's waveform with a marker for continueAt: click or drag on it, or focus it and use
// the arrow keys (±0.1 s; Shift ±1 s; Page Up/Down ±5 s; Home/End). The part after the marker,
// which the extension replaces, is drawn faded.
import { useTranslations } from "next-intl";
import { useRef, type KeyboardEvent, type PointerEvent } from "react";
import { cx } from "@/components/ui/cx";

type WaveformPickerProps = {
  peaks: number[] | [number, number][];
  durationSec: number;
  value: number | null;
  onChange: (seconds: number) => void;
  invalid?: boolean;
  describedBy?: string;
  labelledBy?: string;
};

const HEIGHT = 96;

/** "1:23.4" — a tenth of a second is the precision the marker moves in. */
export function formatSeconds(s: number): string {
  const tenths = Math.round(s * 10);
  const m = Math.floor(tenths / 600);
  const rest = (tenths % 600) / 10;
  return `${m}:${rest.toFixed(1).padStart(4, "0")}`;
}

/** Peaks arrive as amplitudes (0–1) or [min, max] pairs; the drawing needs one height each. */
const heights = (peaks: WaveformPickerProps["peaks"]) =>
  peaks.map((p) => (Array.isArray(p) ? Math.max(Math.abs(p[0]), Math.abs(p[1])) : Math.abs(p)));

export function WaveformPicker({
  peaks,
  durationSec,
  value,
  onChange,
  invalid,
  describedBy,
  labelledBy,
}: WaveformPickerProps) {
  const t = useTranslations("music");
  const box = useRef<HTMLDivElement>(null);
  const dragging = useRef(false);
  const bars = heights(peaks);
  const top = Math.max(...bars, 1e-6);
  // continueAt must lie strictly inside the audio.
  const min = 0.1;
  const max = Math.max(min, Math.floor((durationSec - 0.05) * 10) / 10);
  const clamp = (s: number) => Math.min(max, Math.max(min, Math.round(s * 10) / 10));
  const fraction = value === null ? null : value / durationSec;

  function fromPointer(e: PointerEvent<HTMLDivElement>) {
    const rect = box.current?.getBoundingClientRect();
    if (!rect || rect.width === 0) return;
    onChange(clamp(((e.clientX - rect.left) / rect.width) * durationSec));
  }

  function onKeyDown(e: KeyboardEvent<HTMLDivElement>) {
    const current = value ?? durationSec / 2;
    const small = e.shiftKey ? 1 : 0.1;
    const next: Record<string, number> = {
      ArrowRight: current + small,
      ArrowUp: current + small,
      ArrowLeft: current - small,
      ArrowDown: current - small,
      PageUp: current + 5,
      PageDown: current - 5,
      Home: min,
      End: max,
    };
    if (!(e.key in next)) return;
    e.preventDefault();
    onChange(clamp(next[e.key]));
  }

  return (
    <div className="space-y-1.5">
      <div
        ref={box}
        role="slider"
        tabIndex={0}
        aria-labelledby={labelledBy}
        aria-describedby={describedBy}
        aria-invalid={invalid || undefined}
        aria-valuemin={min}
        aria-valuemax={max}
        aria-valuenow={value ?? undefined}
        aria-valuetext={
          value === null
            ? t("notChosen")
            : t("continueAtValue", { time: formatSeconds(value), total: formatSeconds(durationSec) })
        }
        data-testid="waveform"
        onKeyDown={onKeyDown}
        onPointerDown={(e) => {
          dragging.current = true;
          e.currentTarget.setPointerCapture(e.pointerId);
          fromPointer(e);
        }}
        onPointerMove={(e) => dragging.current && fromPointer(e)}
        onPointerUp={() => (dragging.current = false)}
        onPointerCancel={() => (dragging.current = false)}
        className={cx(
          "relative cursor-ew-resize touch-none rounded-md border bg-zinc-50 select-none",
          invalid ? "border-red-400" : "border-zinc-200",
        )}
        style={{ height: HEIGHT }}
      >
        <svg
          aria-hidden
          viewBox={`0 0 ${bars.length} ${HEIGHT}`}
          preserveAspectRatio="none"
          className="absolute inset-0 h-full w-full"
        >
          {bars.map((b, i) => {
            const h = Math.max(1, (b / top) * (HEIGHT - 8));
            const after = fraction !== null && i / bars.length >= fraction;
            return (
              <rect
                // biome-ignore lint/suspicious/noArrayIndexKey: one bar per fixed time bucket; the index is its identity
                key={i}
                x={i}
                y={(HEIGHT - h) / 2}
                width={0.8}
                height={h}
                className={after ? "fill-zinc-300" : "fill-accent-600"}
              />
            );
          })}
        </svg>
        {fraction !== null && (
          <div
            aria-hidden
            className="pointer-events-none absolute inset-y-0 w-0.5 -translate-x-1/2 bg-zinc-900"
            style={{ left: `${fraction * 100}%` }}
          >
            <span className="absolute -top-px left-1/2 size-2.5 -translate-x-1/2 rotate-45 bg-zinc-900" />
            <span
              className={cx(
                "absolute bottom-1 rounded",
                fraction > 0.85 ? "right-1.5" : "left-1.5",
                "bg-zinc-900 px-1.5 py-0.5 text-xs font-medium whitespace-nowrap text-white tabular-nums",
              )}
            >
              {formatSeconds(value!)}
            </span>
          </div>
        )}
      </div>
      <div className="flex justify-between text-xs text-zinc-500 tabular-nums" aria-hidden>
        <span>0:00.0</span>
        <span>{formatSeconds(durationSec)}</span>
      </div>
    </div>
  );
}
