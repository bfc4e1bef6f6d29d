// Child-process (or worker_threads) entry of the ONNX (MDX-Net) separation engine. Plain JS so it
// runs unchanged under tsx/vitest and in the Next.js production server. It imports onnxruntime-node
// (a native addon, loaded only here) and its siblings mdx.mjs / dft.mjs.
//
// NOTE for the Next.js build: nothing imports this file statically; next.config lists it (and its
// siblings) in `outputFileTracingIncludes`, as for the local-separation worker.
//
// Protocol (one job per worker):
//   in : { type: "inspect", modelPath }
//   out: { type: "done", inputs: Meta[], outputs: Meta[] }   Meta = { name, shape, dataType }
//   in : { type: "separate", modelPath, params, threads, left, right }   (buffers transferred)
//   out: { type: "progress", fraction } … then
//        { type: "done", chunks, vocalsL, vocalsR, accL, accR } (buffers transferred)
//   any failure: { type: "error", message, stack }
import { readlinkSync } from "node:fs";
import { readFile } from "node:fs/promises";
import os from "node:os";
import { parentPort } from "node:worker_threads";
import * as ort from "onnxruntime-node";
import { separateStems } from "./mdx.mjs";

// The app runs this file in a child process of its own (lib/engines/worker-job.ts, isolation
// "process"): a kill on abort, or a crash in onnxruntime, ends only this process. A worker thread
// works too.
const port = parentPort ?? processPort();
function processPort() {
  const send = process.send?.bind(process);
  if (!send) throw new Error("worker.mjs must run in a child process with IPC or in a worker thread");
  return {
    /** @param {"message"} event @param {(msg: any) => void} listener */
    once: (event, listener) => process.once(event, listener),
    /** @param {unknown} msg */
    postMessage: (msg) => send(msg),
  };
}
// Separation is background work: on Linux this thread (and the onnxruntime work it runs) gets a
// lower priority than the web server's main thread, so requests stay fast while models run.
try {
  const tid = Number(readlinkSync("/proc/thread-self").split("/").pop());
  if (tid > 0) os.setPriority(tid, 10);
} catch {
  // not Linux, or not allowed: run at normal priority
}
// onnxruntime's graph warnings (unused initialisers and the like) are noise in the server log.
ort.env.logLevel = "error";

/** @param {string} modelPath @param {number} threads */
async function open(modelPath, threads) {
  const bytes = await readFile(modelPath);
  try {
    return await ort.InferenceSession.create(bytes, {
      executionProviders: ["cpu"],
      intraOpNumThreads: threads,
      interOpNumThreads: 1,
      graphOptimizationLevel: "all",
      logSeverityLevel: 3,
    });
  } catch (err) {
    throw new Error(`not a loadable ONNX model (${String(/** @type {Error} */ (err)?.message ?? err).split("\n")[0]})`);
  }
}

function usage() {
  const u = process.resourceUsage();
  return { pid: process.pid, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, maxRssKb: u.maxRSS };
}

/** @param {readonly any[]} list */
const meta = (list) =>
  list.map((m) => ({
    name: m.name,
    shape: m.isTensor ? [...m.shape] : null,
    dataType: m.isTensor ? m.type : "non-tensor",
  }));

port.once("message", async (/** @type {any} */ msg) => {
  try {
    if (msg?.type === "inspect") {
      const session = await open(msg.modelPath, 1);
      const out = { type: "done", inputs: meta(session.inputMetadata), outputs: meta(session.outputMetadata) };
      await session.release();
      port.postMessage(out);
      return;
    }
    if (msg?.type !== "separate") throw new Error("unexpected message");
    const { params } = msg;
    const session = await open(msg.modelPath, msg.threads ?? 1);
    const inputName = session.inputNames[0];
    const outputName = session.outputNames[0];
    const dims = [1, 4, params.dimF, params.dimT];
    let last = -1;
    const res = await separateStems(
      msg.left,
      msg.right,
      params,
      async (input) => {
        const feeds = { [inputName]: new ort.Tensor("float32", input, dims) };
        const result = await session.run(feeds);
        const y = result[outputName];
        if (y.type !== "float32") throw new Error(`the model answered ${y.type}, not float32`);
        return /** @type {Float32Array} */ (y.data);
      },
      {
        onProgress: (f) => {
          if (f - last >= 0.01 || f === 1) {
            last = f;
            port.postMessage({ type: "progress", fraction: f });
          }
        },
      },
    );
    await session.release();
    const out = {
      type: "done",
      chunks: res.chunks,
      vocalsL: res.vocals.left,
      vocalsR: res.vocals.right,
      accL: res.accompaniment.left,
      accR: res.accompaniment.right,
      // What this run cost where it ran (the whole process when that is a child of its own): the
      // host cannot see a child's peak memory, so benches and logs read it from here.
      usage: usage(),
    };
    port.postMessage(out, [out.vocalsL.buffer, out.vocalsR.buffer, out.accL.buffer, out.accR.buffer]);
  } catch (err) {
    const e = /** @type {Error} */ (err);
    port.postMessage({ type: "error", message: String(e?.message ?? e), stack: e?.stack });
  }
});
