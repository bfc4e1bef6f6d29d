// Waveform peaks for clips: the server's waveform-data .dat at the coarsest level that still has
// at least one peak pair per screen pixel (spp = 256·2^k), read through the shared library queries
// (components/library/use-library.ts), so the bin's mini waveforms and the clips share one cache,
// and drawn into a small canvas covering only the visible part of a clip.
import type { QueryClient } from "@tanstack/react-query";
import type WaveformData from "waveform-data";
import { peaksLevel, peaksQuery } from "@/components/library/use-library";
import type { MediaRef } from "@/lib/studio/types";

/** Sample rate learnt from each media's first answer; 48 kHz until then. */
const rates = new Map<MediaRef, number>();
/** Clips draw from effects, outside React's hooks: the editor binds the app's query client here. */
let client: QueryClient | null = null;
export function bindPeaksClient(qc: QueryClient) {
  client = qc;
}

export function levelFor(ref: MediaRef, pxPerSec: number): number {
  return Math.min(peaksLevel(rates.get(ref) ?? 48_000, pxPerSec), 256 * 2 ** 12);
}

/** Remembers a media's sample rate from its peaks (the next level asked for fits it exactly). */
export function notePeaks(ref: MediaRef, w: WaveformData) {
  rates.set(ref, w.sample_rate);
}

export function loadPeaks(ref: MediaRef, spp: number): Promise<WaveformData | null> {
  if (!client) return Promise.resolve(null);
  return client
    .fetchQuery(peaksQuery(ref, spp))
    .then((w) => {
      notePeaks(ref, w);
      return w;
    })
    .catch(() => null);
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
