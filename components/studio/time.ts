// Time code for the ruler, labels and inputs. The document is in integer µs; seconds appear only here.
export const US = 1_000_000;
/** One video frame at 30 fps: the arrow-key nudge. */
export const FRAME_US = Math.round(US / 30);

export function timecode(us: number, withMs = true): string {
  const neg = us < 0;
  const total = Math.abs(Math.round(us / 1000));
  const ms = total % 1000;
  const s = Math.floor(total / 1000) % 60;
  const m = Math.floor(total / 60_000) % 60;
  const h = Math.floor(total / 3_600_000);
  const mm = h ? `${h}:${String(m).padStart(2, "0")}` : String(m);
  const base = `${neg ? "-" : ""}${mm}:${String(s).padStart(2, "0")}`;
  return withMs ? `${base}.${String(ms).padStart(3, "0")}` : base;
}

const STEPS = [0.05, 0.1, 0.25, 0.5, 1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 1200];
/** Ruler tick spacing (s): the smallest step at least `minPx` wide at this zoom. */
export const tickStep = (pxPerSec: number, minPx = 80) => STEPS.find((s) => s * pxPerSec >= minPx) ?? 3600;

export const secondsToUs = (s: number) => Math.round(s * US);
