"use client";
// A finished separation's results as a small mixer: the original and every stem as waveforms (the
// library's peaks), one transport, solo/mute/volume per stem, A/B against the original at the same
// position, an output meter, and downloads in a chosen format (one stem, or all as a zip).
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import type { OrderDetail } from "@/components/data/types";
import { peaksLevel, useLibraryItem, usePeaks } from "@/components/library/use-library";
import { drawPeaks } from "@/components/studio/peaks";
import { buttonClass } from "@/components/ui/button";
import { Card, Section } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { DOWNLOAD_FORMATS, type DownloadFormat } from "@/lib/contracts/download-formats";
import { SILENCE_DB, StemMixer } from "./stem-mixer";

const ORIGINAL = "original";
const SEEK_STEP_SEC = 5;

const clock = (sec: number) => {
  const s = Math.max(0, Math.floor(sec));
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, "0")}`;
};

function useMixer(mixer: StemMixer) {
  useSyncExternalStore(mixer.subscribe, mixer.getVersion, mixer.getVersion);
  return mixer;
}

/** One track's waveform, also its seek bar (click, or arrow keys when focused). */
function Waveform({
  mediaRef,
  mixer,
  label,
  dim,
  spp,
}: {
  mediaRef: string;
  mixer: StemMixer;
  label: string;
  dim: boolean;
  spp: number;
}) {
  const t = useTranslations("stems");
  const canvas = useRef<HTMLCanvasElement>(null);
  const duration = Math.max(mixer.durationSec, 0.001);
  const peaks = usePeaks(mediaRef, spp);
  useEffect(() => {
    const c = canvas.current;
    const w = peaks.data;
    if (!c || !w) return;
    const draw = () => drawPeaks(c, w, 0, c.clientWidth / Math.max(w.duration, 0.001), dim ? "#a1a1aa" : "#4f46e5");
    draw();
    const ro = new ResizeObserver(draw);
    ro.observe(c);
    return () => ro.disconnect();
  }, [peaks.data, dim]);
  const position = mixer.positionSec();
  return (
    <div
      role="slider"
      tabIndex={0}
      aria-label={t("seek", { name: label })}
      aria-valuemin={0}
      aria-valuemax={Math.round(duration)}
      aria-valuenow={Math.round(position)}
      aria-valuetext={t("time", { position: clock(position), duration: clock(duration) })}
      data-seek
      className="relative h-14 w-full cursor-pointer overflow-hidden rounded-md bg-zinc-50 ring-accent-500 outline-none focus-visible:ring-2"
      onClick={(e) => {
        const box = e.currentTarget.getBoundingClientRect();
        mixer.seek(((e.clientX - box.left) / box.width) * duration);
      }}
      onKeyDown={(e) => {
        const step = {
          ArrowLeft: -SEEK_STEP_SEC,
          ArrowDown: -SEEK_STEP_SEC,
          ArrowRight: SEEK_STEP_SEC,
          ArrowUp: SEEK_STEP_SEC,
        }[e.key];
        if (step !== undefined) mixer.seek(mixer.positionSec() + step);
        else if (e.key === "Home") mixer.seek(0);
        else if (e.key === "End") mixer.seek(duration);
        else return;
        e.preventDefault();
      }}
    >
      <canvas ref={canvas} className="absolute inset-0 h-full w-full" aria-hidden />
      <div
        data-playhead
        aria-hidden
        className="absolute inset-y-0 w-0.5 bg-zinc-900"
        style={{ left: `${(position / duration) * 100}%` }}
      />
    </div>
  );
}

function downloadUrl(orderNo: string, format: DownloadFormat, stem?: string) {
  const q = new URLSearchParams({ format });
  if (stem) q.set("stem", stem);
  return `/api/orders/${encodeURIComponent(orderNo)}/download?${q}`;
}

export function StemPlayer({ order }: { order: OrderDetail }) {
  const t = useTranslations("stems");
  const tStems = useTranslations("orders.stems");
  const tStudio = useTranslations("studio");
  const stemName = (business: string) => (tStems.has(business as never) ? tStems(business as never) : business);
  const originalRef = order.pathKey.startsWith("upload:") ? order.pathKey : null;
  const original = useLibraryItem(originalRef);
  const originalUrl = original.data?.url ?? null;
  const originalPending = !!originalRef && !originalUrl && !original.isError;
  const [format, setFormat] = useState<DownloadFormat>("mp3");
  // About 800 px across the whole length; the server answers the nearest stored level.
  const spp = peaksLevel(44_100, 800 / Math.max(order.durationSec ?? 60, 1));

  // One mixer per set of tracks: a refetch that only signs the links anew keeps it (and playback).
  const stemKey = order.stuffs.map((s) => s.business).join(",");
  // biome-ignore lint/correctness/useExhaustiveDependencies: keyed on the tracks, not on each render's array
  const mixerInstance = useMemo(
    () =>
      new StemMixer(
        order.stuffs.map((s) => ({ id: s.business })),
        originalRef ? { id: ORIGINAL } : null,
        order.durationSec ?? 0,
      ),
    [stemKey, originalRef],
  );
  useEffect(() => () => mixerInstance.dispose(), [mixerInstance]);
  useEffect(() => {
    for (const s of order.stuffs) mixerInstance.setUrl(s.business, s.url);
    mixerInstance.setUrl(ORIGINAL, originalUrl);
  }, [mixerInstance, order.stuffs, originalUrl]);
  const mixer = useMixer(mixerInstance);

  // While playing, the playheads, the clock and the meter move every frame without React renders.
  const root = useRef<HTMLDivElement>(null);
  const timeText = useRef<HTMLSpanElement>(null);
  const meter = useRef<HTMLDivElement>(null);
  const meterBar = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!mixer.playing) {
      meter.current?.setAttribute("aria-valuenow", String(SILENCE_DB));
      meter.current?.setAttribute("aria-valuetext", t("silent"));
      if (meterBar.current) meterBar.current.style.width = "0%";
      return;
    }
    let raf = 0;
    let lastAria = 0;
    const frame = (now: number) => {
      mixer.tick();
      const pos = mixer.positionSec();
      const duration = Math.max(mixer.durationSec, 0.001);
      const pct = `${(pos / duration) * 100}%`;
      for (const el of root.current?.querySelectorAll<HTMLElement>("[data-playhead]") ?? []) el.style.left = pct;
      // The text node React rendered is updated in place, so React's next render still owns it.
      const node = timeText.current?.firstChild;
      if (node) node.nodeValue = `${clock(pos)} / ${clock(duration)}`;
      const db = mixer.levelDb();
      if (meterBar.current) meterBar.current.style.width = `${((db - SILENCE_DB) / -SILENCE_DB) * 100}%`;
      // Attributes for assistive tech (and tests) a few times a second, not every frame.
      if (now - lastAria > 200 && meter.current) {
        lastAria = now;
        meter.current.setAttribute("aria-valuenow", String(Math.round(db)));
        meter.current.setAttribute(
          "aria-valuetext",
          db <= SILENCE_DB ? t("silent") : t("levelText", { db: Math.round(db) }),
        );
        for (const el of root.current?.querySelectorAll<HTMLElement>("[data-seek]") ?? [])
          el.setAttribute("aria-valuenow", String(Math.round(pos)));
      }
      if (mixer.playing) raf = requestAnimationFrame(frame);
    };
    raf = requestAnimationFrame(frame);
    return () => cancelAnimationFrame(raf);
  }, [mixer, mixer.playing, t]);

  const anySolo = [...mixer.settings.values()].some((s) => s.solo);
  const duration = mixer.durationSec;

  return (
    <Section title={t("title")} description={t("hint")}>
      <div ref={root} className="space-y-4" data-testid="stem-player">
        <Card className="space-y-4">
          <div className="flex flex-wrap items-center gap-3">
            <button
              type="button"
              className={buttonClass("primary", "md", "min-w-24")}
              onClick={() => void mixer.toggle()}
              // Until the original's link is known (or known to be unavailable), so A/B has it.
              disabled={originalPending}
              aria-busy={mixer.loading || originalPending || undefined}
              data-testid="stem-play"
              data-state={mixer.playing ? "playing" : "paused"}
            >
              {mixer.loading || originalPending ? t("loading") : mixer.playing ? t("pause") : t("play")}
            </button>
            <span ref={timeText} className="font-mono text-sm text-zinc-700 tabular-nums" data-testid="stem-time">
              {`${clock(mixer.positionSec())} / ${clock(duration)}`}
            </span>
            <fieldset className="flex items-center gap-1 rounded-md border border-zinc-300 p-0.5 text-sm">
              <legend className="sr-only">{t("listenTo")}</legend>
              {(["stems", "original"] as const).map((to) => (
                <label
                  key={to}
                  className={cx(
                    "cursor-pointer rounded px-2.5 py-1 has-[:focus-visible]:ring-2 has-[:focus-visible]:ring-accent-500",
                    mixer.listenTo === to ? "bg-zinc-900 text-white" : "text-zinc-700",
                    to === "original" && !mixer.hasOriginal && "cursor-not-allowed opacity-50",
                  )}
                >
                  <input
                    type="radio"
                    name={`listen-${order.orderNo}`}
                    value={to}
                    className="sr-only"
                    checked={mixer.listenTo === to}
                    disabled={to === "original" && !mixer.hasOriginal}
                    onChange={() => mixer.setListenTo(to)}
                  />
                  {to === "stems" ? t("listenStems") : t("listenOriginal")}
                </label>
              ))}
            </fieldset>
            <div className="flex min-w-32 flex-1 items-center gap-2">
              <span className="text-xs text-zinc-500" aria-hidden>
                {t("outputLevel")}
              </span>
              <div
                ref={meter}
                role="meter"
                aria-label={t("outputLevel")}
                aria-valuemin={SILENCE_DB}
                aria-valuemax={0}
                aria-valuenow={SILENCE_DB}
                aria-valuetext={t("silent")}
                data-testid="stem-meter"
                className="h-2 flex-1 overflow-hidden rounded-full bg-zinc-200"
              >
                <div ref={meterBar} className="h-full w-0 bg-emerald-500" />
              </div>
            </div>
          </div>
          {mixer.failed && (
            <p role="alert" className="text-sm text-red-700">
              {t("loadFailed")}
            </p>
          )}
          {!originalRef && <p className="text-xs text-zinc-500">{t("noOriginal")}</p>}

          <ul className="space-y-4">
            {originalRef && (
              <li className="space-y-1.5" data-testid="stem-row" data-business={ORIGINAL}>
                <h3 className="text-sm font-semibold text-zinc-900">{t("original")}</h3>
                <Waveform
                  mediaRef={originalRef}
                  mixer={mixer}
                  label={t("original")}
                  dim={mixer.listenTo !== "original"}
                  spp={spp}
                />
              </li>
            )}
            {order.stuffs.map((stuff) => {
              const s = mixer.settings.get(stuff.business) ?? { volume: 1, muted: false, solo: false };
              const name = stemName(stuff.business);
              const silent = s.muted || (anySolo && !s.solo) || mixer.listenTo !== "stems";
              return (
                <li key={stuff.ref} className="space-y-1.5" data-testid="stem" data-business={stuff.business}>
                  <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
                    {/* Its own line on a phone, so the controls never squeeze the name. */}
                    <div className="w-full min-w-0 sm:w-auto sm:flex-1">
                      <h3 className="text-sm font-semibold text-zinc-900">{name}</h3>
                      <p className="truncate text-xs text-zinc-500">{stuff.name}</p>
                    </div>
                    <button
                      type="button"
                      aria-pressed={s.muted}
                      aria-label={t("muteNamed", { name })}
                      onClick={() => mixer.update(stuff.business, { muted: !s.muted })}
                      className={cx(buttonClass(s.muted ? "danger" : "secondary", "sm"), "w-16")}
                    >
                      {t("mute")}
                    </button>
                    <button
                      type="button"
                      aria-pressed={s.solo}
                      aria-label={t("soloNamed", { name })}
                      onClick={() => mixer.update(stuff.business, { solo: !s.solo })}
                      className={cx(buttonClass(s.solo ? "primary" : "secondary", "sm"), "w-16")}
                    >
                      {t("solo")}
                    </button>
                    <label className="flex items-center gap-2 text-xs text-zinc-600">
                      <span aria-hidden>{t("volume")}</span>
                      <input
                        type="range"
                        min={0}
                        max={100}
                        step={5}
                        value={Math.round(s.volume * 100)}
                        aria-label={t("volumeNamed", { name })}
                        aria-valuetext={`${Math.round(s.volume * 100)}%`}
                        onChange={(e) => mixer.update(stuff.business, { volume: Number(e.target.value) / 100 })}
                        className="w-24 accent-accent-600"
                      />
                    </label>
                    <a
                      href={downloadUrl(order.orderNo, format, stuff.business)}
                      download
                      className={buttonClass("secondary", "sm")}
                    >
                      {t("download")}
                      <span className="sr-only"> {t("downloadNamed", { name, format: format.toUpperCase() })}</span>
                    </a>
                  </div>
                  <Waveform mediaRef={stuff.ref} mixer={mixer} label={name} dim={silent} spp={spp} />
                </li>
              );
            })}
          </ul>
        </Card>

        <div className="flex flex-wrap items-center gap-3">
          <label className="flex items-center gap-2 text-sm text-zinc-700">
            {t("format")}
            <select
              value={format}
              onChange={(e) => setFormat(e.target.value as DownloadFormat)}
              className="h-8 rounded-md border border-zinc-300 bg-white px-2 text-sm"
            >
              {DOWNLOAD_FORMATS.map((f) => (
                <option key={f} value={f}>
                  {f.toUpperCase()}
                </option>
              ))}
            </select>
          </label>
          <a href={downloadUrl(order.orderNo, format)} download className={buttonClass("primary", "sm")}>
            {t("downloadAll")}
          </a>
          <Link
            href={`/studio/new?add=${encodeURIComponent(order.stuffs.map((s) => s.ref).join(","))}&name=${encodeURIComponent(order.title)}`}
            className={buttonClass("secondary", "sm")}
          >
            {tStudio("openInStudio")}
          </Link>
        </div>
        <p className="text-xs text-zinc-500">{t("formatHint")}</p>
      </div>
    </Section>
  );
}
