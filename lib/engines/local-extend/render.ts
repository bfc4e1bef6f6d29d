// Renders a walk plan from the source PCM: segments back to back, an equal-power crossfade centred
// on every seam, and a fade-out at the end. Cheap (copies plus a few thousand multiplies per seam),
// so it runs on the caller's thread.
import type { StereoPcm } from "@/lib/media/ffmpeg";
import type { Plan } from "./walk.mjs";

export function renderPlan(src: StereoPcm, plan: Plan): StereoPcm {
  const n = plan.frames;
  const left = new Float32Array(n);
  const right = new Float32Array(n);
  const srcLen = src.left.length;
  const at = (ch: Float32Array, i: number) => (i >= 0 && i < srcLen ? ch[i] : 0);
  let o = 0;
  const seams: number[] = [];
  for (const g of plan.segments) {
    const a = Math.max(0, g.srcStart),
      b = Math.min(srcLen, g.srcEnd);
    if (b > a) {
      left.set(src.left.subarray(a, b), o + (a - g.srcStart));
      right.set(src.right.subarray(a, b), o + (a - g.srcStart));
    }
    o += g.srcEnd - g.srcStart;
    seams.push(o);
  }
  seams.pop();
  // Crossfade [seam − h, seam + h): the outgoing stretch continues past its end, the incoming one
  // starts before its start, with cos/sin gains (constant power for uncorrelated material).
  const h = Math.floor(plan.crossfadeFrames / 2);
  for (let k = 0; k < seams.length; k++) {
    const seam = seams[k];
    const endA = plan.segments[k].srcEnd;
    const startB = plan.segments[k + 1].srcStart;
    for (let q = -h; q < h; q++) {
      const i = seam + q;
      if (i < 0 || i >= n) continue;
      const u = ((q + h + 0.5) / (2 * h)) * (Math.PI / 2);
      const ga = Math.cos(u),
        gb = Math.sin(u);
      left[i] = ga * at(src.left, endA + q) + gb * at(src.left, startB + q);
      right[i] = ga * at(src.right, endA + q) + gb * at(src.right, startB + q);
    }
  }
  const f = Math.min(plan.fadeFrames, n);
  for (let q = 0; q < f; q++) {
    const g = Math.cos(((q + 0.5) / f) * (Math.PI / 2));
    left[n - f + q] *= g;
    right[n - f + q] *= g;
  }
  return { left, right, sampleRate: src.sampleRate };
}

/** Output sample positions of the seams (where each jump happens). */
export function seamPositions(plan: Plan): number[] {
  const out: number[] = [];
  let o = 0;
  for (const g of plan.segments.slice(0, -1)) {
    o += g.srcEnd - g.srcStart;
    out.push(o);
  }
  return out;
}
