// worker_threads entry of the local separation engine. Plain JS (ESM + JSDoc) so it runs unchanged
// under tsx/vitest and in the Next.js production server without a TypeScript loader; it imports
// only node built-ins, fft.js (through dsp.mjs) and its siblings dsp.mjs and dsp-v2.mjs.
//
// NOTE for the Next.js build: nothing imports this file statically, so the output tracer does not
// see it. next.config must list it (and its siblings dsp.mjs, dsp-v2.mjs + node_modules/fft.js) in
// `outputFileTracingIncludes` for the routes / server that run separation jobs.
//
// Protocol (one job per worker):
//   in : { type: "separate", left: Float32Array, right: Float32Array, sampleRate, params? }
//        (buffers transferred)
//   out: { type: "progress", fraction } … then
//        { type: "done", engine, mode, vocalsL, vocalsR, accL, accR } (buffers transferred; accL/accR reuse
//        the input buffers) or { type: "error", message, stack }.
import { parentPort } from "node:worker_threads";
import { separate } from "./dsp.mjs";

if (!parentPort) throw new Error("worker.mjs must run in a worker thread");
const port = parentPort;

port.once("message", (/** @type {any} */ msg) => {
  try {
    if (msg?.type !== "separate") throw new Error("unexpected message");
    /** @type {Float32Array} */ const left = msg.left;
    /** @type {Float32Array} */ const right = msg.right;
    let last = -1;
    const res = separate(left, right, msg.sampleRate, {
      params: msg.params,
      inPlace: true,
      onProgress: (f) => {
        // Post at most every 1 % (dsp reports every 1 % of frames already).
        if (f - last >= 0.01 || f === 1) {
          last = f;
          port.postMessage({ type: "progress", fraction: f });
        }
      },
    });
    const out = {
      type: "done",
      engine: res.engine,
      mode: res.mode,
      vocalsL: res.vocals.left,
      vocalsR: res.vocals.right,
      accL: res.accompaniment.left,
      accR: res.accompaniment.right,
    };
    const transfer = /** @type {ArrayBuffer[]} */ ([
      out.vocalsL.buffer,
      out.vocalsR.buffer,
      out.accL.buffer,
      out.accR.buffer,
    ]);
    port.postMessage(out, transfer);
  } catch (err) {
    const e = /** @type {Error} */ (err);
    port.postMessage({ type: "error", message: String(e?.message ?? e), stack: e?.stack });
  }
});
