// Benchmark of the local extension engine.
//   npx tsx --conditions=react-server bench/extend.ts [--runs=3] [--no-pin] [--samples-only]
// Builds a deterministic synthetic 3-minute song (drums, bass, chord pad, lead; 8 sections at
// 120 BPM with a known beat grid), encodes it to mp3 (untimed), then extends it from 2:55 to 6:00
// (two variants) and reports:
//   (a) speed: extendMusic wall time vs an ffmpeg decode + one mp3 encode of the 6-minute output in
//       the same run (the baseline: encodeFromFloat32 with the engine's own mp3 settings), and the
//       stage split (decode / analysis / encode+cover; variant 2 is encoded from its cut only and
//       spliced, see lib/media/mp3-splice.ts);
//   (b) quality: jumps (and forced jumps: no similar landing existed), jump distance relative to
//       the song's median beat-context distance, seam step/burst ratios (≤ 1 = no click, see
//       lib/engines/local-extend/seam-checks.ts), jump phase error against the true grid, tempo of
//       the decoded continuation vs the source, length error;
//   (c) tracker accuracy on sampled instruments (a GM groove rendered by fluidsynth, if installed);
//   (d) peak RSS.
// By default the process re-runs itself under `taskset -c 0` so everything (worker thread and
// ffmpeg children included) shares one core; --no-pin uses whatever the machine gives.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { analyze } from "@/lib/engines/local-extend/features.mjs";
import { extendMusicDetailed } from "@/lib/engines/local-extend/index";
import { seamPositions } from "@/lib/engines/local-extend/render";
import { checkSeams } from "@/lib/engines/local-extend/seam-checks";
import { grooveMidi, makeSong, mono } from "@/lib/engines/local-extend/test-fixtures";
import { WALK_DEFAULTS } from "@/lib/engines/local-extend/walk.mjs";
import { decodeToFloat32, encodeFromFloat32 } from "@/lib/media/ffmpeg";

const args = process.argv.slice(2);
const RUNS = Number(args.find((a) => a.startsWith("--runs="))?.slice(7) ?? 3);
const PIN = !args.includes("--no-pin") && !args.includes("--pinned");

if (PIN) {
  const r = spawnSync(
    "taskset",
    ["-c", "0", process.execPath, ...process.execArgv, process.argv[1], ...args, "--pinned"],
    { stdio: "inherit" },
  );
  if (r.error) console.error(`taskset unavailable (${r.error.message}); run with --no-pin`);
  process.exit(r.status ?? 1);
}

const SR = 44100;
const CONTINUE_AT = 175;
const TARGET = 360;
const LEAD = (WALK_DEFAULTS.guardMs + WALK_DEFAULTS.crossfadeMs / 2) / 1000;

/**
 * CPU seconds of this process (all threads) plus its finished children (the ffmpeg processes), from
 * /proc/self/stat (utime, stime, cutime, cstime in clock ticks of 1/100 s): a figure the other
 * tenants of a shared machine do not inflate, unlike wall time.
 */
function cpuSeconds(): number {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
  } catch {
    return NaN;
  }
}

async function time<T>(fn: () => Promise<T>): Promise<[T, number, number]> {
  const t0 = performance.now(),
    c0 = cpuSeconds();
  const v = await fn();
  return [v, (performance.now() - t0) / 1000, cpuSeconds() - c0];
}
const median = (a: number[]) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const table = (head: string[], body: string[][]) => {
  const w = head.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (r: string[]) => `| ${r.map((c, i) => c.padEnd(w[i])).join(" | ")} |`;
  console.log([line(head), `|${w.map((x) => "-".repeat(x + 2)).join("|")}|`, ...body.map(line)].join("\n"));
};

/**
 * Tracker accuracy on sampled instruments: a GM groove rendered by fluidsynth (skipped when
 * fluidsynth or the FluidR3 sound font is missing). The groove starts on a downbeat at the first
 * non-silent sample, which gives the true grid.
 */
async function samplesCheck(dir: string) {
  const sf2 = "/usr/share/sounds/sf2/FluidR3_GM.sf2";
  const rows: string[][] = [];
  for (const bpm of [100, 128]) {
    const mid = path.join(dir, `groove-${bpm}.mid`),
      wav = path.join(dir, `groove-${bpm}.wav`);
    writeFileSync(mid, grooveMidi(bpm, 32));
    const r = spawnSync("fluidsynth", ["-ni", "-g", "0.6", "-r", "44100", "-F", wav, sf2, mid], { stdio: "ignore" });
    if (r.status !== 0 || !existsSync(wav)) {
      console.log("\n(fluidsynth check skipped: fluidsynth or fluid-soundfont-gm not installed)");
      return;
    }
    const pcm = await decodeToFloat32(wav);
    let s0 = 0;
    while (s0 < pcm.left.length && Math.abs(pcm.left[s0]) < 1e-4) s0++;
    const t0 = s0 / SR,
      P = 60 / bpm;
    const an = analyze(mono(pcm), SR, { withGraph: false });
    const errs = Array.from(an.beats).map((b) => b - (t0 + Math.round((b - t0) / P) * P));
    const k0 = Math.round((an.beats[an.phase] - t0) / P);
    rows.push([
      String(bpm),
      an.tempoBpm.toFixed(2),
      `${an.beats.length} / ${32 * 4}`,
      `${((1000 * errs.reduce((s, x) => s + x, 0)) / errs.length).toFixed(1)} / ${(1000 * Math.max(...errs.map(Math.abs))).toFixed(1)}`,
      ((k0 % 4) + 4) % 4 === 0 ? "yes" : "no",
    ]);
  }
  console.log("\nTracker on sampled instruments (fluidsynth + FluidR3 GM groove, 32 bars)");
  table(["true BPM", "tracked BPM", "beats tracked / true", "beat error mean / max (ms)", "downbeat right"], rows);
}

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mixdesk-bench-extend-"));
  try {
    if (args.includes("--samples-only")) return await samplesCheck(dir);
    // 8 sections × 11 bars × 4 beats at 120 BPM = 176 s + lead-in and tail ≈ 3 min.
    const song = makeSong({
      bpm: 120,
      sections: ["intro", "verse", "chorus", "verse", "chorus", "bridge", "chorus", "outro"],
      barsPerSection: 11,
      seed: "bench",
    });
    const input = path.join(dir, "song.mp3");
    await encodeFromFloat32(song.pcm, input, { format: "mp3" });

    const base = async (file: string) => {
      const pcm = await decodeToFloat32(file);
      await encodeFromFloat32(pcm, path.join(dir, "baseline.mp3"), { format: "mp3", bitrate: "192k" });
    };
    const tb: number[] = [];
    const te: number[] = [];
    const cb: number[] = [];
    const ce: number[] = [];
    const stages: Record<string, number[]> = { decode: [], analyze: [], "encode+cover": [] };
    let last: Awaited<ReturnType<typeof extendMusicDetailed>> | null = null;
    for (let k = 0; k <= RUNS; k++) {
      const marks: Record<string, number> = {};
      const t0 = performance.now();
      const [r, t, c] = await time(() =>
        extendMusicDetailed(
          {
            inputPath: input,
            continueAt: CONTINUE_AT,
            targetSeconds: TARGET,
            workDir: path.join(dir, `out-${k}`),
            title: "Bench",
            seed: "bench",
            onProgress: (_f, s) => {
              marks[s] ??= (performance.now() - t0) / 1000;
            },
          },
          { keepPcm: k === RUNS },
        ),
      );
      const [, b, bc] = await time(() => base(r.variants[0].audioPath));
      if (k === 0) continue; // warm-up (JIT, page cache)
      te.push(t);
      tb.push(b);
      ce.push(c);
      cb.push(bc);
      stages.decode.push(marks.analyze);
      stages.analyze.push(marks.render - marks.analyze);
      stages["encode+cover"].push(t - marks.render);
      last = r;
    }
    const b = median(tb),
      e = median(te);
    console.log(
      `\nLocal extension bench — ${song.duration.toFixed(0)} s synthetic song (120 BPM) → ${TARGET} s from ${CONTINUE_AT} s, 2 variants, ` +
        `node ${process.version}, ${PIN || args.includes("--pinned") ? "pinned to 1 core (taskset -c 0)" : `${os.cpus().length} cores`}, load ${os.loadavg()[0].toFixed(1)}\n`,
    );
    const bC = median(cb),
      eC = median(ce);
    console.log(`Speed (median of ${RUNS}; wall seconds, and CPU seconds of the process + its ffmpeg children)`);
    table(
      ["pipeline", "wall s", "× baseline", "CPU s", "CPU × baseline"],
      [
        ["ffmpeg decode + mp3 encode of the 6-min output (baseline)", b.toFixed(2), "1.00", bC.toFixed(2), "1.00"],
        [
          "extendMusic → 2 × 6-min mp3 + 2 covers",
          e.toFixed(2),
          (e / b).toFixed(2),
          eC.toFixed(2),
          (eC / bC).toFixed(2),
        ],
        ["  of which decode of the 3-min input", median(stages.decode).toFixed(2), "", "", ""],
        ["  of which analysis + walks (worker)", median(stages.analyze).toFixed(2), "", "", ""],
        [
          "  of which render + mp3 encodes (shared part once) + covers",
          median(stages["encode+cover"]).toFixed(2),
          "",
          "",
          "",
        ],
      ],
    );

    const r = last!;
    // Seams are checked against what the engine actually read: the decoded mp3 input.
    const src = await decodeToFloat32(input);
    const rows: string[][] = [];
    for (const [k, v] of r.variants.entries()) {
      const plan = r.details.plans[k];
      const seams = checkSeams(src, r.details.pcm![k], plan);
      let phaseErr = 0;
      for (let s = 0; s + 1 < plan.segments.length; s++) {
        for (const t of [plan.segments[s].srcEnd / SR + LEAD, plan.segments[s + 1].srcStart / SR + LEAD]) {
          const kBeat = Math.round((t - song.beats[0]) / song.period);
          phaseErr = Math.max(phaseErr, Math.abs(t - (song.beats[0] + kBeat * song.period)));
        }
      }
      const out = await decodeToFloat32(v.audioPath);
      const re = analyze(mono(out), SR, { withGraph: false });
      const t0 = seamPositions(plan)[0] / SR,
        t1 = (plan.frames - plan.fadeFrames) / SR;
      const cb = Array.from(re.beats).filter((t) => t > t0 && t < t1);
      const tempo = (60 * (cb.length - 1)) / (cb[cb.length - 1] - cb[0]);
      const dist = plan.segments.slice(0, -1).map((g) => g.distance / r.details.medianDistance);
      rows.push([
        `variant ${k + 1}`,
        `${plan.jumps} (${plan.forcedJumps})`,
        `${(dist.reduce((s, x) => s + x, 0) / dist.length).toFixed(3)} / ${Math.max(...dist).toFixed(3)}`,
        `${Math.max(...seams.map((s) => s.stepRatio)).toFixed(2)} / ${Math.max(...seams.map((s) => s.burstRatio)).toFixed(2)}`,
        (phaseErr * 1000).toFixed(1),
        `${tempo.toFixed(2)} (${((100 * (tempo - r.tempoBpm)) / r.tempoBpm).toFixed(2)} %)`,
        (v.duration - TARGET).toFixed(2),
        plan.naturalEnd ? "source's own" : "bar line + fade",
      ]);
    }
    console.log(
      `\nQuality (source tempo tracked: ${r.tempoBpm.toFixed(2)} BPM, true 120; ${r.beats} beats tracked, ${song.beats.length} true)`,
    );
    table(
      [
        "",
        "jumps (forced)",
        "jump dist. mean / max (× median)",
        "seam step / burst max",
        "phase err. max (ms)",
        "continuation BPM",
        "length err. (s)",
        "ending",
      ],
      rows,
    );
    await samplesCheck(dir);
    console.log(
      `\nPeak RSS: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB (whole process incl. worker and bench buffers)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
