// Benchmark of the local separation engine.
//   npx tsx --conditions=react-server bench/separation.ts [seconds] [--params='{"panWidth":0.5}'] [--no-speed]
// --params overrides DSP parameters (see lib/engines/local-separation/dsp.mjs DEFAULT_PARAMS);
// --no-speed skips the timing runs (for quick parameter sweeps).
//
// Builds a deterministic synthetic 60 s stereo song with known stems (a sung-like centre "voice" and
// an accompaniment), writes the mixture to a float wav, and reports:
//   (a) speed: separateFile wall time vs ffmpeg decode + mp3 encode of the same file in this process,
//       and the real-time factor (processing time / audio duration);
//   (b) quality: plain SDR (10·log10 ‖s‖²/‖s−ŝ‖², both channels) of the vocal and accompaniment
//       estimates vs the true stems, and the gain over using the unprocessed mixture as estimate;
//   (c) peak RSS of the process (the worker thread included).
// Two conditions: "wide" (every instrument off-centre — the method's best case) and "realistic"
// (bass, kick and snare centred as in most mixes). Quality is measured on wav stems (no codec loss).
import { mkdtempSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { separateFile } from "@/lib/engines/local-separation/separate";
import { decodeToFloat32, encodeFromFloat32, type StereoPcm } from "@/lib/media/ffmpeg";
import { rng } from "@/lib/engines/local-separation/test-fixtures";

const SR = 44100;
const args = process.argv.slice(2);
const DUR = Number(args.find((a) => !a.startsWith("--")) ?? 60);
const paramsArg = args.find((a) => a.startsWith("--params="));
const PARAMS = paramsArg ? (JSON.parse(paramsArg.slice("--params=".length)) as Record<string, number>) : undefined;
const SPEED = !args.includes("--no-speed");
const N = Math.round(DUR * SR);

const stereo = (): StereoPcm => ({ left: new Float32Array(N), right: new Float32Array(N), sampleRate: SR });
/** Constant-power pan: p in [-1 (left), 1 (right)]. */
const panGains = (p: number) => [Math.cos(((p + 1) * Math.PI) / 4), Math.sin(((p + 1) * Math.PI) / 4)];
function add(dst: StereoPcm, i: number, v: number, pan: number) {
  const [gl, gr] = panGains(pan);
  dst.left[i] += v * gl;
  dst.right[i] += v * gr;
}
const midi = (m: number) => 440 * 2 ** ((m - 69) / 12);

function makeVoice(): StereoPcm {
  const out = stereo();
  const r = rng(7);
  const melody = [64, 67, 69, 67, 64, 62, 60, 62, 64, 64, 67, 72, 71, 69, 67, 64];
  const noteLen = 0.5; // s
  let phase = 0;
  for (let i = 0; i < N; i++) {
    const t = i / SR;
    const k = Math.floor(t / noteLen);
    const inNote = t - k * noteLen;
    const phraseGap = k % 8 === 7; // breathe every 8th note
    const f0 =
      midi(melody[k % melody.length]) * (1 + 0.006 * Math.sin(2 * Math.PI * 5.5 * t) * Math.min(1, inNote / 0.15));
    phase += (2 * Math.PI * f0) / SR;
    let v = 0;
    for (let h = 1; h <= 12; h++) {
      const fh = f0 * h;
      if (fh > 10000) break;
      // crude formants around 700 Hz and 1200 Hz
      const formant = 1 / (1 + ((fh - 700) / 300) ** 2) + 0.6 / (1 + ((fh - 1200) / 400) ** 2) + 0.05;
      v += (formant / h) * Math.sin(h * phase);
    }
    const env = phraseGap ? 0 : Math.min(1, inNote / 0.03) * Math.min(1, (noteLen - inNote) / 0.05);
    v = 0.25 * v * env + 0.004 * r() * env; // a little breath noise
    add(out, i, v, 0);
  }
  return out;
}

function makeAccompaniment(realistic: boolean): StereoPcm {
  const out = stereo();
  const r = rng(99);
  const beat = 0.5; // 120 bpm
  const chords = [
    [48, 52, 55],
    [45, 48, 52],
    [41, 45, 48],
    [43, 47, 50],
  ];
  const pads = [0, 0, 0];
  let bassPh = 0;
  for (let i = 0; i < N; i++) {
    const t = i / SR;
    const bar = Math.floor(t / (4 * beat));
    const chord = chords[bar % 4];
    // Pad: three detuned saw-ish tones, 60 % left.
    let pad = 0;
    chord.forEach((m, j) => {
      pads[j] += (2 * Math.PI * midi(m + 12)) / SR;
      for (let h = 1; h <= 6; h++) pad += Math.sin(h * pads[j]) / h;
    });
    add(out, i, 0.035 * pad, -0.6);
    // Arpeggio pluck, 70 % right, on eighth notes.
    const e = Math.floor(t / (beat / 2));
    const te = t - e * (beat / 2);
    const am = chord[e % 3] + 24;
    add(out, i, 0.12 * Math.sin(2 * Math.PI * midi(am) * te) * Math.exp(-te * 12), 0.7);
    // Hi-hat: noise bursts on eighths, 40 % left.
    add(out, i, 0.1 * r() * Math.exp(-te * 60), -0.4);
    const tb = t - Math.floor(t / beat) * beat;
    const beatNo = Math.floor(t / beat);
    const bassF = midi(chord[0] - 12);
    bassPh += (2 * Math.PI * bassF) / SR;
    const bass = 0.18 * (Math.sin(bassPh) + 0.3 * Math.sin(2 * bassPh));
    const kick =
      beatNo % 2 === 0
        ? 0.5 * Math.sin(2 * Math.PI * (50 * tb + (60 * (1 - Math.exp(-tb * 30))) / 30)) * Math.exp(-tb * 8)
        : 0;
    const snare = beatNo % 2 === 1 ? 0.25 * (r() + 0.5 * Math.sin(2 * Math.PI * 190 * tb)) * Math.exp(-tb * 18) : 0;
    // Realistic: bass, kick and snare in the centre (as in most mixes); wide: pushed to the sides.
    add(out, i, bass, realistic ? 0 : 0.8);
    add(out, i, kick, realistic ? 0 : -0.8);
    add(out, i, snare, realistic ? 0 : 0.6);
  }
  return out;
}

function sdr(ref: StereoPcm, est: StereoPcm) {
  const n = Math.min(ref.left.length, est.left.length);
  let num = 0;
  let den = 0;
  for (const c of ["left", "right"] as const) {
    for (let i = 0; i < n; i++) {
      num += ref[c][i] ** 2;
      den += (ref[c][i] - est[c][i]) ** 2;
    }
  }
  return 10 * Math.log10(num / den);
}
const energy = (x: StereoPcm) => x.left.reduce((s, v) => s + v * v, 0) + x.right.reduce((s, v) => s + v * v, 0);

async function time<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now();
  const v = await fn();
  return [v, (performance.now() - t0) / 1000];
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mixdesk-bench-"));
  try {
    const voice = makeVoice();
    const rows: string[][] = [];
    let speed: string[][] = [];
    const toMono = (x: StereoPcm): StereoPcm => {
      const m = x.left.map((l, i) => 0.5 * (l + x.right[i]));
      return { left: m, right: m.slice(), sampleRate: SR };
    };
    for (const cond of ["wide", "realistic", "mono"] as const) {
      const realistic = cond !== "wide";
      const name = {
        wide: "wide (all instruments off-centre)",
        realistic: "realistic (bass/kick/snare centre)",
        mono: "mono downmix of realistic (fallback)",
      }[cond];
      let acc = makeAccompaniment(realistic);
      // Voice-to-accompaniment ratio 0 dB.
      const g = Math.sqrt(energy(acc) / energy(voice));
      let v: StereoPcm = { left: voice.left.map((x) => x * g), right: voice.right.map((x) => x * g), sampleRate: SR };
      if (cond === "mono") {
        v = toMono(v);
        acc = toMono(acc);
      }
      const mix = stereo();
      let peak = 0;
      for (let i = 0; i < N; i++) {
        mix.left[i] = v.left[i] + acc.left[i];
        mix.right[i] = v.right[i] + acc.right[i];
        peak = Math.max(peak, Math.abs(mix.left[i]), Math.abs(mix.right[i]));
      }
      if (peak > 0.99) throw new Error(`mixture clips (${peak})`);
      const mixPath = path.join(dir, `mix-${cond}.wav`);
      await encodeFromFloat32(mix, mixPath, { format: "wav", wavSampleFormat: "f32" });

      // Quality on wav stems.
      const [res] = await time(() =>
        separateFile(mixPath, path.join(dir, `wav-${cond}`), { format: "wav", params: PARAMS }),
      );
      const [ve, ae] = await Promise.all([decodeToFloat32(res.vocals), decodeToFloat32(res.accompaniment)]);
      const sv = sdr(v, ve);
      const sa = sdr(acc, ae);
      const mv = sdr(v, mix);
      const ma = sdr(acc, mix);
      if (cond === "mono" && res.mode !== "mono") throw new Error("mono input not detected");
      rows.push([
        name,
        sv.toFixed(2),
        (sv - mv).toFixed(2),
        sa.toFixed(2),
        (sa - ma).toFixed(2),
        mv.toFixed(2),
        ma.toFixed(2),
      ]);

      if (cond === "realistic" && SPEED) {
        // Speed: baseline = decode + one mp3 encode of the same file; engine = separateFile → 2 mp3s.
        // Warm-up once (JIT, page cache), then measure each 3× and keep the median.
        const base = async () => {
          const pcm = await decodeToFloat32(mixPath);
          await encodeFromFloat32(pcm, path.join(dir, "baseline.mp3"), { format: "mp3" });
        };
        const sep = () => separateFile(mixPath, path.join(dir, "mp3"), { format: "mp3", params: PARAMS });
        await base();
        const med = (a: number[]) => a.sort((x, y) => x - y)[1];
        const tb: number[] = [];
        const ts: number[] = [];
        for (let k = 0; k < 3; k++) {
          tb.push((await time(base))[1]);
          ts.push((await time(sep))[1]);
        }
        const b = med(tb);
        const s = med(ts);
        speed = [
          ["ffmpeg decode + mp3 encode (baseline)", b.toFixed(2), (b / DUR).toFixed(3), "1.00"],
          ["separateFile → 2 × mp3", s.toFixed(2), (s / DUR).toFixed(3), (s / b).toFixed(2)],
        ];
      }
    }
    const table = (head: string[], body: string[][]) => {
      const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
      const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i])).join(" | ")} |`;
      console.log([line(head), `|${w.map((x) => "-".repeat(x + 2)).join("|")}|`, ...body.map(line)].join("\n"));
    };
    console.log(
      `\nLocal separation bench — ${DUR} s synthetic stereo item, 44.1 kHz, voice/accompaniment 0 dB, node ${process.version}, ${os.cpus().length} cores\n`,
    );
    if (PARAMS) console.log(`params: ${JSON.stringify(PARAMS)}\n`);
    if (SPEED) console.log("Speed (median of 3, wall seconds; RTF = time / audio duration)");
    if (SPEED) table(["pipeline", "seconds", "RTF", "× baseline"], speed);
    console.log("\nQuality (plain SDR in dB on wav stems; gain = over the unprocessed mixture as estimate)");
    table(["condition", "vocals SDR", "vocals gain", "accomp. SDR", "accomp. gain", "mix→vocals", "mix→accomp."], rows);
    console.log(
      `\nPeak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (whole process incl. worker and bench buffers)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
