// Benchmark of the extract-text engines that run on this machine.
//   npx tsx --conditions=react-server bench/transcribe.ts [--voices=en-us,en-us+f3] [--wpm=130]
// Speaks a fixed English corpus (12 everyday sentences, 1 s apart) with espeak-ng in each voice,
// then reports for each:
//   (a) pocketsphinx (offline English): word error rate, word recall (reference words recognised
//       in order), real-time factor in wall time and in CPU time (this process and its children,
//       which other tenants of a shared machine do not inflate);
//   (b) the baselines: an empty transcript (WER 1.0, recall 0: what "no engine" gives), and
//       pocketsphinx on 1 s of silence (its fixed model-loading cost, included in every order);
//   (c) the embedded-subtitles engine on an mp4 carrying the corpus as mov_text (exact: WER 0),
//       for its real-time factor.
// Needs ffmpeg, espeak-ng, pocketsphinx and pocketsphinx-en-us.
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { extractTextEngine } from "@/lib/engines/transcribe/chain";
import { pocketsphinxEngine } from "@/lib/engines/transcribe/pocketsphinx";
import { isSkip } from "@/lib/engines/transcribe/types";
import { toSrt } from "@/lib/transcripts/format";
import { scoreWords } from "@/lib/transcripts/wer";
import { CORPUS } from "@/bench/transcribe-corpus";

const args = process.argv.slice(2);
const opt = (name: string, dflt: string) =>
  args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? dflt;
const VOICES = opt("voices", "en-us,en-us+f3").split(",");
const WPM = Number(opt("wpm", "130"));

function cpuSeconds(): number {
  const stat = readFileSync("/proc/self/stat", "utf8");
  const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(f[11]) + Number(f[12]) + Number(f[13]) + Number(f[14])) / 100;
}

/** The corpus spoken in one file, a second of silence after each sentence; the cue times. */
function speakCorpus(dir: string, voice: string) {
  const cues: { start: number; end: number; text: string }[] = [];
  const parts: string[] = [];
  let t = 0;
  CORPUS.forEach((sentence, i) => {
    const raw = path.join(dir, `s${i}.wav`);
    execFileSync("espeak-ng", ["-v", voice, "-s", String(WPM), "-w", raw, sentence]);
    const padded = path.join(dir, `p${i}.wav`);
    execFileSync("ffmpeg", [
      "-v",
      "error",
      "-y",
      "-i",
      raw,
      "-af",
      "apad=pad_dur=1",
      "-ac",
      "1",
      "-ar",
      "16000",
      padded,
    ]);
    const sec = Number(
      execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", padded]),
    );
    cues.push({ start: t, end: t + sec - 1, text: sentence });
    t += sec;
    parts.push(padded);
  });
  const list = path.join(dir, "list.txt");
  writeFileSync(list, parts.map((p) => `file '${p}'`).join("\n"));
  const out = path.join(dir, `corpus-${voice.replace(/\W/g, "_")}.wav`);
  execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "concat", "-safe", "0", "-i", list, out]);
  return { file: out, durationSec: t, cues };
}

async function timed<T>(fn: () => Promise<T>) {
  const wall0 = performance.now();
  const cpu0 = cpuSeconds();
  const value = await fn();
  return { value, wallSec: (performance.now() - wall0) / 1000, cpuSec: cpuSeconds() - cpu0 };
}

async function pocketsphinx(file: string, durationSec: number, workDir: string) {
  const ctx = {
    inputPath: file,
    demuxer: "wav",
    durationSec,
    workDir,
    signal: new AbortController().signal,
    onProgress: () => {},
  };
  const r = await pocketsphinxEngine("en").transcribe(ctx);
  if (isSkip(r)) throw new Error(`pocketsphinx is not usable here: ${r.skip}`);
  return r.segments.map((s) => s.text).join(" ");
}

const fmt = (n: number, d = 2) => n.toFixed(d);

async function main() {
  const dir = mkdtempSync(path.join(os.tmpdir(), "mx-bench-transcribe-"));
  try {
    const reference = CORPUS.join(" ");
    const empty = scoreWords(reference, "");
    console.log(`corpus: ${CORPUS.length} sentences, ${empty.referenceWords} words, espeak-ng at ${WPM} wpm`);
    console.log(`baseline empty transcript: WER ${fmt(empty.wer)}, recall ${fmt(empty.recall)}`);

    const silence = path.join(dir, "silence.wav");
    execFileSync("ffmpeg", ["-v", "error", "-y", "-f", "lavfi", "-i", "anullsrc=r=16000:cl=mono", "-t", "1", silence]);
    const load = await timed(() => pocketsphinx(silence, 1, dir));
    console.log(
      `baseline pocketsphinx on 1 s of silence (model load): wall ${fmt(load.wallSec)} s, cpu ${fmt(load.cpuSec)} s`,
    );

    for (const voice of VOICES) {
      const corpus = speakCorpus(dir, voice);
      const run = await timed(() => pocketsphinx(corpus.file, corpus.durationSec, dir));
      const s = scoreWords(reference, run.value);
      console.log(
        `pocketsphinx, voice ${voice}: ${fmt(corpus.durationSec, 1)} s audio, WER ${fmt(s.wer)}, recall ${fmt(s.recall)} ` +
          `(${s.hypothesisWords} words heard), RTF wall ${fmt(run.wallSec / corpus.durationSec)}, ` +
          `RTF cpu ${fmt(run.cpuSec / corpus.durationSec)}`,
      );
      console.log(`  heard: ${run.value.slice(0, 300)}`);

      const srt = path.join(dir, "corpus.srt");
      writeFileSync(srt, toSrt(corpus.cues));
      const mp4 = path.join(dir, "corpus.mp4");
      execFileSync("ffmpeg", [
        "-v",
        "error",
        "-y",
        "-i",
        corpus.file,
        "-i",
        srt,
        "-map",
        "0:a",
        "-map",
        "1:s",
        "-c:a",
        "aac",
        "-c:s",
        "mov_text",
        mp4,
      ]);
      const out = path.join(dir, "out");
      const subs = await timed(() =>
        extractTextEngine(async () => ({
          engines: ["subtitles"],
          baseUrl: null,
          apiKey: null,
          model: "unused",
          language: null,
          maxUploadBytes: 1,
          concurrency: 1,
          timeoutMs: 1,
          maxAttempts: 1,
        })).run({
          inputPath: mp4,
          outDir: (execFileSync("mkdir", ["-p", out]), out),
          durationSec: corpus.durationSec,
          signal: new AbortController().signal,
          onProgress: () => {},
        }),
      );
      const txt = readFileSync(path.join(out, "transcript.txt"), "utf8");
      const ss = scoreWords(reference, txt);
      console.log(
        `subtitles engine (mov_text): WER ${fmt(ss.wer)}, recall ${fmt(ss.recall)}, RTF wall ${fmt(subs.wallSec / corpus.durationSec, 3)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
