// Benchmark of the ONNX (MDX-Net) separation path with generated test models.
//   npx tsx --conditions=react-server bench/onnx.ts [seconds=60] [--threads=1] [--rounds=3]
//
// No real model weights exist offline, so the models are built in code with MDX-Net's exact I/O
// (identity over the band, the layouts of UVR's common models). What is measured is everything
// around the network: STFT framing of every chunk, the inverse STFT and overlap-add, moving tensors
// in and out of onnxruntime, and the child process the app runs the model in. A real MDX-Net adds
// its own inference time (on CPU typically much more than this framing; see README "Learned
// models").
// Printed per layout: seconds of processing per minute of audio, split into framing (JS) and
// onnxruntime calls; the same job as the app runs it (a child process: wall time, the child's CPU
// and peak RSS) against a worker thread in this process (the baseline, what the app used before
// aborting one was found to abort the host), with the ratio of their wall times.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import * as ort from "onnxruntime-node";
import { demix, type MdxParams } from "@/lib/engines/onnx-separation/mdx.mjs";
import { runModelWorker } from "@/lib/engines/onnx-separation/separate";
import { buildMaskModel } from "@/lib/engines/onnx-separation/test-models";

const args = process.argv.slice(2);
const DUR = Number(args.find((a) => !a.startsWith("--")) ?? 60);
const THREADS = Number(args.find((a) => a.startsWith("--threads="))?.slice(10) ?? 1);
const ROUNDS = Number(args.find((a) => a.startsWith("--rounds="))?.slice(9) ?? 3);
const SR = 44100;
const N = Math.round(DUR * SR);

const LAYOUTS: { name: string; params: MdxParams }[] = [
  // UVR-MDX-NET-Inst_HQ_3 and most Inst models: n_fft 7680, dim_f 3072, dim_t 2^8.
  {
    name: "n_fft 7680 / dim_f 3072 / dim_t 256 (Inst HQ layout)",
    params: { nFft: 7680, hop: 1024, dimF: 3072, dimT: 256, compensate: 1.022, target: "instrumental" },
  },
  // Kim_Vocal_2, UVR-MDX-NET-Voc_FT: n_fft 7680, dim_f 3072, dim_t 2^8 as well; the 6144 family:
  {
    name: "n_fft 6144 / dim_f 2048 / dim_t 256 (UVR-MDX-NET 1-3 layout)",
    params: { nFft: 6144, hop: 1024, dimF: 2048, dimT: 256, compensate: 1.035, target: "vocals" },
  },
];

function signal() {
  const l = new Float32Array(N);
  const r = new Float32Array(N);
  let seed = 1;
  const rand = () => {
    seed = (seed * 1103515245 + 12345) >>> 0;
    return (seed / 4294967296 - 0.5) * 0.1;
  };
  for (let i = 0; i < N; i++) {
    const t = i / SR;
    l[i] = 0.3 * Math.sin(2 * Math.PI * 220 * t) + rand();
    r[i] = 0.3 * Math.sin(2 * Math.PI * 330 * t) + rand();
  }
  return { left: l, right: r, sampleRate: SR };
}

const mb = (kb: number) => `${(kb / 1024).toFixed(0)} MB`;

async function main() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-bench-onnx-"));
  ort.env.logLevel = "error";
  console.log(
    `ONNX separation bench: ${DUR} s of stereo 44.1 kHz audio, ${THREADS} onnxruntime thread(s), ${os.cpus().length} CPU(s)`,
  );
  console.log(`baseline RSS ${mb(process.resourceUsage().maxRSS)}, load average ${os.loadavg()[0].toFixed(1)}`);
  try {
    for (const { name, params } of LAYOUTS) {
      const file = path.join(dir, `${params.nFft}.onnx`);
      fs.writeFileSync(file, buildMaskModel({ dimF: params.dimF, dimT: params.dimT }));
      // In-process run for the split between framing and onnxruntime.
      const session = await ort.InferenceSession.create(file, { intraOpNumThreads: THREADS, logSeverityLevel: 3 });
      let inferMs = 0;
      const { left, right } = signal();
      const c0 = process.cpuUsage();
      const t0 = performance.now();
      const out = await demix(left, right, params, async (x) => {
        const s = performance.now();
        const y = await session.run({ input: new ort.Tensor("float32", x, [1, 4, params.dimF, params.dimT]) });
        inferMs += performance.now() - s;
        return y.output.data as Float32Array;
      });
      const totalMs = performance.now() - t0;
      const cpu0 = process.cpuUsage(c0);
      await session.release();
      // The same job as the server runs it: in a child process (PCM copied over IPC both ways),
      // against a worker thread of this process (buffers transferred), taking turns.
      const cpuMs = (c: NodeJS.CpuUsage) => (c.user + c.system) / 1000;
      const perMin = (ms: number) => ((ms / 1000) * 60) / DUR;
      const wall = { process: [] as number[], thread: [] as number[] };
      let child = { cpuMs: 0, maxRssKb: 0, hostCpuMs: 0 };
      let threadCpuMs = 0;
      for (let round = 0; round < ROUNDS; round++) {
        for (const isolation of ["process", "thread"] as const) {
          const input = signal();
          const c1 = process.cpuUsage();
          const t1 = performance.now();
          const res = await runModelWorker(file, params, input, { threads: THREADS, isolation });
          wall[isolation].push(performance.now() - t1);
          const host = cpuMs(process.cpuUsage(c1));
          if (isolation === "process")
            child = { cpuMs: res.usage.cpuMs, maxRssKb: Math.max(child.maxRssKb, res.usage.maxRssKb), hostCpuMs: host };
          else threadCpuMs = host;
        }
      }
      const med = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
      const processMs = med(wall.process);
      const threadMs = med(wall.thread);
      console.log(`\n${name}`);
      console.log(`  chunks                         ${out.chunks} (${params.hop * (params.dimT - 1)} samples each)`);
      console.log(
        `  in-process, per minute audio   ${perMin(totalMs).toFixed(1)} s wall, ${perMin(cpuMs(cpu0)).toFixed(1)} s CPU (framing ${perMin(totalMs - inferMs).toFixed(1)} s + onnxruntime ${perMin(inferMs).toFixed(1)} s wall)`,
      );
      console.log(
        `  child process (the app), /min  ${perMin(processMs).toFixed(1)} s wall (median of ${ROUNDS}), CPU ${perMin(child.cpuMs).toFixed(1)} s in the child + ${perMin(child.hostCpuMs).toFixed(1)} s here → ${(DUR / 60 / (processMs / 60000)).toFixed(2)} min of audio per min (RTF ${(processMs / 1000 / DUR).toFixed(3)}); the child's peak RSS ${mb(child.maxRssKb)}`,
      );
      console.log(
        `  worker thread (baseline), /min ${perMin(threadMs).toFixed(1)} s wall (median of ${ROUNDS}), ${perMin(threadCpuMs).toFixed(1)} s CPU (RTF ${(threadMs / 1000 / DUR).toFixed(3)})`,
      );
      console.log(`  child process / worker thread  ${(processMs / threadMs).toFixed(2)}× the wall time`);
      console.log(
        `  peak RSS of this process       ${mb(process.resourceUsage().maxRSS)} (the thread runs counted here)`,
      );
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

void main();
