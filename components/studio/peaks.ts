// Waveform peaks for clips: the server's waveform-data .dat at the coarsest level that still has
// at least one peak pair per screen pixel (spp = 256·2^k), fetched once per (media, level) and drawn
// into a small canvas covering only the visible part of a clip. The waveform-data parser loads with
// the first answer (its own chunk): the clip boxes paint without waiting for it.
import type WaveformData from "waveform-data";
import type { MediaRef } from "@/lib/studio/types";
import { peaksUrl } from "./api";

const BASE_SPP = 256;
const cache = new Map<string, Promise<WaveformData | null>>();
/** Sample rate learnt from each media's first answer; 48 kHz until then. */
const rates = new Map<MediaRef, number>();

export function levelFor(ref: MediaRef, pxPerSec: number): number {
  const wanted = (rates.get(ref) ?? 48_000) / pxPerSec;
  const k = Math.max(0, Math.floor(Math.log2(Math.max(1, wanted / BASE_SPP))));
  return BASE_SPP * 2 ** Math.min(k, 12);
}

export function loadPeaks(ref: MediaRef, spp: number): Promise<WaveformData | null> {
  const key = `${ref}@${spp}`;
  let hit = cache.get(key);
  if (!hit) {
    hit = Promise.all([
      fetch(peaksUrl(ref, spp), { credentials: "same-origin" }).then((r) => (r.ok ? r.arrayBuffer() : null)),
      import("waveform-data"),
    ])
      .then(([buf, { default: Waveform }]) => {
        if (!buf) return null;
        const w = Waveform.create(buf);
        rates.set(ref, w.sample_rate);
        return w;
      })
      .catch(() => null);
    cache.set(key, hit);
  }
  return hit;
}

/** Draws min/max bars for source seconds [fromSec, fromSec + width/pxPerSec) into the canvas. */
export function drawPeaks(
  canvas: HTMLCanvasElement,
  w: WaveformData,
  fromSec: number,
  pxPerSec: number,
  color: string,
) {
  const dpr = window.devicePixelRatio || 1;
  const width = canvas.clientWidth;
  const height = canvas.clientHeight;
  if (canvas.width !== Math.round(width * dpr)) canvas.width = Math.round(width * dpr);
  if (canvas.height !== Math.round(height * dpr)) canvas.height = Math.round(height * dpr);
  const g = canvas.getContext("2d");
  if (!g) return;
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.clearRect(0, 0, width, height);
  g.fillStyle = color;
  const ch = w.channel(0);
  const perSec = w.sample_rate / w.scale;
  const mid = height / 2;
  const scale = mid / 128;
  for (let x = 0; x < width; x++) {
    const a = Math.floor((fromSec + x / pxPerSec) * perSec);
    const b = Math.max(a + 1, Math.floor((fromSec + (x + 1) / pxPerSec) * perSec));
    if (a >= w.length) break;
    let lo = 127;
    let hi = -128;
    for (let i = a; i < b && i < w.length; i++) {
      const mn = ch.min_sample(i);
      const mx = ch.max_sample(i);
      if (mn < lo) lo = mn;
      if (mx > hi) hi = mx;
    }
    if (hi < lo) continue;
    g.fillRect(x, mid - hi * scale, 1, Math.max(1, (hi - lo) * scale));
  }
}
