// Quality benchmark of the local separation engines on a generated set of real-instrument pieces
// (bench/separation-set.ts: fluidsynth + FluidR3 GM, espeak-ng vocal, dry and reverberant).
//   taskset -c 0 npx tsx --conditions=react-server bench/separation-eval.ts [--items=10] [--dur=24]
//     [--params='{"repWeight":0.8}'] [--only=tune|held-out] [--methods=v2,oracle]
// Reports SI-SDR (Le Roux et al. 2019, over both channels flattened) of the vocal and accompaniment
// estimates, as gains over the unprocessed mixture used as the estimate, for: the mixture (0 by
// definition), ffmpeg's `surround` upmix to 3.0 (FC on both channels as vocals, FL/FR as the
// accompaniment; delay-aligned by cross-correlation of FC with the mixture), dsp-v1, dsp-v2 (default) and the oracle ratio mask (Wiener
// mask from the true stems with the same STFT: the ceiling of any such mask). Per item, per half
// (tune / held-out) and overall, dry and reverberant vocal; plus the DSP real-time factor of v1 and
// v2 (run the bench under `taskset -c 0` for a one-core figure).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { DEFAULT_PARAMS, separate, stftMask } from "@/lib/engines/local-separation/dsp.mjs";
import { encodeFromFloat32, ffmpegPath, type StereoPcm } from "@/lib/media/ffmpeg";
import FFT from "fft.js";
import { buildSet, SR } from "./separation-set";

const args = process.argv.slice(2);
const arg = (k: string) => args.find((a) => a.startsWith(`--${k}=`))?.slice(k.length + 3);
const ITEMS = Number(arg("items") ?? 10);
const DUR = Number(arg("dur") ?? 24);
const PARAMS = arg("params") ? JSON.parse(arg("params")!) : {};
// --variants='[{…},{…}]': extra v2 columns ("v2#0", …) with these params, for parameter sweeps.
const VARIANTS: Record<string, unknown>[] = arg("variants") ? JSON.parse(arg("variants")!) : [];
const ONLY = arg("only");
const METHODS = (arg("methods") ?? "surround,v1,v2,oracle").split(",");

/** SI-SDR over both channels: reference rescaled by the optimal gain. */
function siSdr(ref: StereoPcm, est: StereoPcm) {
  let rr = 0;
  let re = 0;
  for (const c of ["left", "right"] as const)
    for (let i = 0; i < ref[c].length; i++) {
      rr += ref[c][i] * ref[c][i];
      re += ref[c][i] * est[c][i];
    }
  const a = re / rr;
  let s = 0;
  let e = 0;
  for (const c of ["left", "right"] as const)
    for (let i = 0; i < ref[c].length; i++) {
      const t = a * ref[c][i];
      s += t * t;
      e += (t - est[c][i]) ** 2;
    }
  return 10 * Math.log10(s / e);
}

const add = (a: StereoPcm, b: StereoPcm): StereoPcm => ({
  left: a.left.map((v, i) => v + b.left[i]),
  right: a.right.map((v, i) => v + b.right[i]),
  sampleRate: SR,
});
const sub = (a: StereoPcm, b: StereoPcm): StereoPcm => ({
  left: a.left.map((v, i) => v - b.left[i]),
  right: a.right.map((v, i) => v - b.right[i]),
  sampleRate: SR,
});

/** Oracle Wiener mask with the engine's STFT: one channel at a time, V and A as the two "channels". */
function oracle(v: StereoPcm, a: StereoPcm): StereoPcm {
  const out: StereoPcm = { left: new Float32Array(0), right: new Float32Array(0), sampleRate: SR };
  for (const c of ["left", "right"] as const) {
    const r = stftMask(v[c], a[c], {
      fftSize: DEFAULT_PARAMS.fftSize,
      hop: DEFAULT_PARAMS.hop,
      lookahead: 0,
      mask: (ring, mL, mR) => {
        const s = ring[0];
        for (let k = 0; k < mL.length; k++) {
          const pv = s.pLL[k];
          const pa = s.pRR[k];
          const m = pv + pa > 0 ? pv / (pv + pa) : 0;
          mL[k] = m;
          mR[k] = m;
        }
      },
    });
    out[c] = r.left.map((x, i) => x + r.right[i]);
  }
  return out;
}

/** ffmpeg surround upmix to 3.0; FC is the vocal estimate, aligned to the mixture by cross-correlation. */
async function surroundCentre(mix: StereoPcm, dir: string): Promise<{ vocals: StereoPcm; accompaniment: StereoPcm }> {
  const inPath = path.join(dir, "mix.wav");
  const outPath = path.join(dir, "fc.f32");
  await encodeFromFloat32(mix, inPath, { format: "wav", wavSampleFormat: "f32" });
  const r = spawnSync(
    ffmpegPath(),
    ["-nostdin", "-v", "error", "-y", "-i", inPath, "-af", "surround=chl_out=3.0", "-f", "f32le", outPath],
    { encoding: "utf8" },
  );
  if (r.status !== 0) throw new Error(r.stderr);
  const raw = readFileSync(outPath);
  // 3.0 = FL FR FC, interleaved.
  const all = new Float32Array(raw.buffer, raw.byteOffset, raw.length / 4);
  const frames = all.length / 3;
  const ch = (c: number) => {
    const x = new Float32Array(frames);
    for (let i = 0; i < frames; i++) x[i] = all[3 * i + c];
    return x;
  };
  const fc = ch(2);
  const n = mix.left.length;
  // Cross-correlation by FFT; the filter's delay is searched in 0..8192 samples.
  let N = 1;
  while (N < 2 * n) N <<= 1;
  const fft = new FFT(N);
  const a = new Float64Array(N);
  const b = new Float64Array(N);
  for (let i = 0; i < n; i++) {
    a[i] = 0.5 * (mix.left[i] + mix.right[i]);
    b[i] = fc[i] ?? 0;
  }
  const A = fft.createComplexArray();
  const B = fft.createComplexArray();
  fft.realTransform(A, a);
  fft.completeSpectrum(A);
  fft.realTransform(B, b);
  fft.completeSpectrum(B);
  for (let k = 0; k < N; k++) {
    const ar = A[2 * k],
      ai = A[2 * k + 1],
      br = B[2 * k],
      bi = B[2 * k + 1];
    // B · conj(A): peak at the lag by which fc trails the mixture.
    A[2 * k] = br * ar + bi * ai;
    A[2 * k + 1] = bi * ar - br * ai;
  }
  const c = fft.createComplexArray();
  fft.inverseTransform(c, A);
  let best = 0;
  for (let lag = 1; lag <= 8192; lag++) if (c[2 * lag] > c[2 * best]) best = lag;
  const shift = (x: Float32Array) => {
    const out = new Float32Array(n);
    for (let i = 0; i < n; i++) out[i] = x[i + best] ?? 0;
    return out;
  };
  const centre = shift(fc);
  return {
    vocals: { left: centre, right: centre.slice(), sampleRate: SR },
    accompaniment: { left: shift(ch(0)), right: shift(ch(1)), sampleRate: SR },
  };
}

type Row = { id: string; split: string; cond: string; vg: Record<string, number>; ag: Record<string, number> };

async function main() {
  const t0 = performance.now();
  const set = await buildSet(ITEMS, DUR, undefined, ONLY);
  console.error(`set ready in ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "mixdesk-sepeval-"));
  const rows: Row[] = [];
  const time: Record<string, number> = { v1: 0, v2: 0 };
  // CPU time of this (single-threaded, synchronous) call: the one-core cost even on a busy machine.
  const cpu: Record<string, number> = { v1: 0, v2: 0 };
  let audio = 0;
  try {
    for (const item of set) {
      if (ONLY && item.spec.split !== ONLY) continue;
      for (const cond of ["dry", "reverb"] as const) {
        const voc = cond === "dry" ? item.vocalDry : item.vocalWet;
        const acc = item.band;
        const mix = add(voc, acc);
        const base = { v: siSdr(voc, mix), a: siSdr(acc, mix) };
        const vg: Record<string, number> = {};
        const ag: Record<string, number> = {};
        const score = (name: string, v: StereoPcm, a: StereoPcm) => {
          vg[name] = siSdr(voc, v) - base.v;
          ag[name] = siSdr(acc, a) - base.a;
        };
        if (METHODS.includes("surround")) {
          const up = await surroundCentre(mix, tmp);
          score("surround", up.vocals, up.accompaniment);
        }
        for (const eng of ["v1", "v2"] as const) {
          if (!METHODS.includes(eng)) continue;
          const p = { ...(eng === "v2" ? PARAMS : {}), engine: `dsp-${eng}` };
          const s0 = performance.now();
          const c0 = process.cpuUsage();
          const r = separate(mix.left, mix.right, SR, { params: p });
          const c1 = process.cpuUsage(c0);
          time[eng] += (performance.now() - s0) / 1000;
          cpu[eng] += (c1.user + c1.system) / 1e6;
          score(eng, { ...r.vocals, sampleRate: SR }, { ...r.accompaniment, sampleRate: SR });
        }
        for (const [j, v] of VARIANTS.entries()) {
          const r = separate(mix.left, mix.right, SR, { params: { ...PARAMS, ...v, engine: "dsp-v2" } });
          score(`v2#${j}`, { ...r.vocals, sampleRate: SR }, { ...r.accompaniment, sampleRate: SR });
        }
        audio += DUR;
        if (METHODS.includes("oracle")) {
          const o = oracle(voc, acc);
          score("oracle", o, sub(mix, o));
        }
        rows.push({ id: item.spec.id, split: item.spec.split, cond, vg, ag });
        console.error(
          `${item.spec.id} ${cond} ${Object.keys(vg)
            .map((m) => `${m} ${vg[m].toFixed(1)}/${ag[m].toFixed(1)}`)
            .join("  ")}`,
        );
      }
    }
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
  const methods = [...METHODS, ...VARIANTS.map((_, j) => `v2#${j}`)].filter((m) => rows[0]?.vg[m] !== undefined);
  const f = (x: number) => (x >= 0 ? "+" : "") + x.toFixed(1);
  const table = (head: string[], body: string[][]) => {
    const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
    const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i])).join(" | ")} |`;
    console.log([line(head), `|${w.map((x) => "-".repeat(x + 2)).join("|")}|`, ...body.map(line)].join("\n"));
  };
  console.log(
    `\nSeparation eval — ${ITEMS} items × ${DUR} s, FluidR3 GM band + espeak-ng vocal at 0 dB, SI-SDR gain over the mixture (dB), node ${process.version}`,
  );
  if (Object.keys(PARAMS).length) console.log(`v2 params: ${JSON.stringify(PARAMS)}`);
  for (const [j, v] of VARIANTS.entries()) console.log(`v2#${j}: ${JSON.stringify(v)}`);
  console.log("\nItems:");
  table(
    ["item", "split", "bpm", "key", "instruments (GM programs)", "pans (of ±64)"],
    set.map((s) => [
      s.spec.id,
      s.spec.split,
      String(s.spec.bpm),
      `${s.spec.key}${s.spec.minor ? "m" : ""}`,
      s.spec.instruments,
      s.spec.pans,
    ]),
  );
  console.log("\nPer item (vocals gain / accompaniment gain):");
  table(
    ["item", "split", "vocal", ...methods],
    rows.map((r) => [r.id, r.split, r.cond, ...methods.map((m) => `${f(r.vg[m])} / ${f(r.ag[m])}`)]),
  );
  console.log("\nAverages (vocals / accompaniment; min over items in brackets):");
  const avgRows: string[][] = [];
  for (const split of ["tune", "held-out", "all"])
    for (const cond of ["dry", "reverb"]) {
      const rs = rows.filter((r) => (split === "all" || r.split === split) && r.cond === cond);
      if (!rs.length) continue;
      avgRows.push([
        split,
        cond,
        ...methods.map((m) => {
          const av = rs.reduce((s, r) => s + r.vg[m], 0) / rs.length;
          const aa = rs.reduce((s, r) => s + r.ag[m], 0) / rs.length;
          const mv = Math.min(...rs.map((r) => r.vg[m]));
          const ma = Math.min(...rs.map((r) => r.ag[m]));
          return `${f(av)} / ${f(aa)} [${f(mv)} / ${f(ma)}]`;
        }),
      ]);
    }
  table(["half", "vocal", ...methods], avgRows);
  if (audio > 0) {
    console.log("\nDSP real-time factor (separate() only; wall under this process's affinity, and CPU seconds):");
    for (const eng of ["v1", "v2"])
      if (time[eng])
        console.log(
          `  dsp-${eng}: wall RTF ${(time[eng] / audio).toFixed(3)} (${time[eng].toFixed(1)} s for ${audio} s), CPU RTF ${(cpu[eng] / audio).toFixed(3)}`,
        );
    if (time.v1 && time.v2) console.log(`  v2 / v1 CPU-time ratio: ${(cpu.v2 / cpu.v1).toFixed(2)}`);
    console.log(
      `  load average at the end: ${os
        .loadavg()
        .map((x) => x.toFixed(1))
        .join(" ")} on ${os.cpus().length} cores`,
    );
  }
  const aff = spawnSync("taskset", ["-pc", String(process.pid)], { encoding: "utf8" }).stdout.trim();
  console.log(`\n${aff}; total ${((performance.now() - t0) / 1000).toFixed(0)} s`);
}

await main();
