// worker_threads entry of the local extension engine: analysis + walk planning (the O(beats²)
// similarity and the FFTs) off the server's event loop. Plain JS so it runs under tsx/vitest and in
// the Next.js server alike; imports only node built-ins, fft.js and its siblings.
//
// NOTE for the Next.js build: nothing imports this file statically; next.config must list this
// folder's *.mjs and node_modules/fft.js in `outputFileTracingIncludes` (as for local-separation).
//
// Protocol (one job per worker):
//   in : { type: "extend", mono: Float32Array (transferred), sampleRate, continueAt, targetSeconds,
//          seeds: string[], analysisParams?, walkParams? }
//   out: { type: "progress", fraction } … then
//        { type: "done", tempoBpm, period, phase, beats, chroma, medianDistance, plans }
//        or { type: "error", message, stack }.
import { parentPort } from "node:worker_threads";
import { analyze } from "./features.mjs";
import { planWalk } from "./walk.mjs";

if (!parentPort) throw new Error("worker.mjs must run in a worker thread");
const port = parentPort;

port.once("message", (/** @type {any} */ msg) => {
  try {
    if (msg?.type !== "extend") throw new Error("unexpected message");
    let last = -1;
    const an = analyze(msg.mono, msg.sampleRate, {
      params: msg.analysisParams,
      onProgress: (f) => {
        if (f - last >= 0.02 || f === 1) {
          last = f;
          port.postMessage({ type: "progress", fraction: 0.95 * f });
        }
      },
    });
    /** @type {import("./walk.d.mts").Plan[]} */ const plans = [];
    for (const seed of msg.seeds) {
      let plan = planWalk(an, {
        continueAt: msg.continueAt,
        targetSeconds: msg.targetSeconds,
        seed,
        params: msg.walkParams,
      });
      // Variants must differ; a tiny source can make two seeds agree, so re-draw a few times.
      for (let k = 1; k <= 8 && plans.some((q) => samePlan(q, plan)); k++) {
        plan = planWalk(an, {
          continueAt: msg.continueAt,
          targetSeconds: msg.targetSeconds,
          seed: `${seed}#${k}`,
          params: msg.walkParams,
        });
      }
      plans.push(plan);
    }
    port.postMessage(
      {
        type: "done",
        tempoBpm: an.tempoBpm,
        period: an.period,
        phase: an.phase,
        beats: an.beats,
        chroma: an.chroma,
        medianDistance: an.medianDistance,
        plans,
      },
      [an.beats.buffer, an.chroma.buffer],
    );
  } catch (err) {
    const e = /** @type {Error} */ (err);
    port.postMessage({ type: "error", message: String(e?.message ?? e), stack: e?.stack });
  }
});

/** @param {import("./walk.d.mts").Plan} a @param {import("./walk.d.mts").Plan} b */
function samePlan(a, b) {
  return (
    a.segments.length === b.segments.length &&
    a.segments.every((s, i) => s.srcStart === b.segments[i].srcStart && s.srcEnd === b.segments[i].srcEnd)
  );
}
