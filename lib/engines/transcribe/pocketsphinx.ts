// Engine 3: offline English with CMU pocketsphinx 0.8 from Debian (`pocketsphinx_continuous`,
// model from `pocketsphinx-en-us`). Quality is modest (see README); it is the last resort that
// needs no server. Words come with times (`-time yes`) and are grouped into caption-sized lines.
import "server-only";
import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { TransientEngineError } from "@/lib/engines/types";
import { writeSpeechWav } from "@/lib/media/ffmpeg";
import type { Segment } from "@/lib/transcripts/format";
import type { TranscribeEngine } from "@/lib/engines/transcribe/types";

export const POCKETSPHINX_MISSING = "pocketsphinx is not installed (apt-get install pocketsphinx pocketsphinx-en-us)";

export type Word = { word: string; start: number; end: number };

/** `-time yes` lines ("word start end prob"): fillers, silences and sentence marks dropped,
 * pronunciation variants ("the(2)") folded. */
export function parseTimedWords(output: string): Word[] {
  const words: Word[] = [];
  for (const line of output.split("\n")) {
    const m = /^(\S+) (\d+(?:\.\d+)?) (\d+(?:\.\d+)?) [\d.]+$/.exec(line.trim());
    if (!m) continue;
    const word = m[1].replace(/\(\d+\)$/, "");
    if (/^(<.*>|\[.*\]|\+\+.*\+\+)$/.test(word)) continue;
    words.push({ word, start: Number(m[2]), end: Number(m[3]) });
  }
  return words;
}

/** Caption lines: a new one after a pause of 0.6 s, or at 12 words or 6 seconds. */
export function groupWords(words: Word[]): Segment[] {
  const out: Segment[] = [];
  let cur: Word[] = [];
  const flush = () => {
    if (cur.length) out.push({ start: cur[0].start, end: cur.at(-1)!.end, text: cur.map((w) => w.word).join(" ") });
    cur = [];
  };
  for (const w of words) {
    const last = cur.at(-1);
    if (last && (w.start - last.end > 0.6 || cur.length >= 12 || w.end - cur[0].start > 6)) flush();
    cur.push(w);
  }
  flush();
  return out;
}

class MissingBinary extends Error {}

const modelInstalled = () => fs.existsSync(path.join(env().POCKETSPHINX_MODEL_DIR, "en-us.lm.bin"));

function recognise(raw: string, signal: AbortSignal, timeoutMs: number): Promise<string> {
  const e = env();
  const model = e.POCKETSPHINX_MODEL_DIR;
  const args = [
    "-infile",
    raw,
    "-hmm",
    path.join(model, "en-us"),
    "-lm",
    path.join(model, "en-us.lm.bin"),
    "-dict",
    path.join(model, "cmudict-en-us.dict"),
    "-samprate",
    "16000",
    "-time",
    "yes",
    "-logfn",
    "/dev/null",
  ];
  return new Promise((resolve, reject) => {
    const child = spawn(e.POCKETSPHINX_PATH, args, { stdio: ["ignore", "pipe", "pipe"] });
    let out = "";
    let err = "";
    child.stdout.setEncoding("utf8").on("data", (s: string) => (out += s));
    child.stderr.setEncoding("utf8").on("data", (s: string) => (err = (err + s).slice(-2000)));
    const kill = () => child.kill("SIGKILL");
    const timer = setTimeout(kill, timeoutMs);
    signal.addEventListener("abort", kill, { once: true });
    child.once("error", (error) => {
      clearTimeout(timer);
      const missing = (error as NodeJS.ErrnoException).code === "ENOENT";
      reject(
        missing ? new MissingBinary() : new TransientEngineError(`pocketsphinx could not be started: ${error.message}`),
      );
    });
    child.once("close", (code, sig) => {
      clearTimeout(timer);
      signal.removeEventListener("abort", kill);
      if (signal.aborted) return reject(signal.reason instanceof Error ? signal.reason : new Error("aborted"));
      if (code !== 0 || sig)
        return reject(new TransientEngineError(`pocketsphinx failed (${sig ?? code}): ${err.trim().slice(-300)}`));
      resolve(out);
    });
  });
}

export function pocketsphinxEngine(language: string | null): TranscribeEngine {
  return {
    name: "pocketsphinx",
    async transcribe(ctx) {
      if (language && !/^en/i.test(language)) return { skip: `pocketsphinx only knows English, not ${language}` };
      if (!modelInstalled()) return { skip: POCKETSPHINX_MISSING };
      ctx.onProgress(0.05, "preparing audio");
      const raw = path.join(ctx.workDir, "speech.raw");
      await writeSpeechWav(ctx.inputPath, ctx.demuxer, raw, { signal: ctx.signal, raw: true });
      ctx.onProgress(0.15, "recognising English speech offline");
      // pocketsphinx runs near real time on one core; allow five times the length plus start-up.
      let output: string;
      try {
        output = await recognise(raw, ctx.signal, (60 + ctx.durationSec * 5) * 1000);
      } catch (error) {
        if (error instanceof MissingBinary) return { skip: POCKETSPHINX_MISSING };
        throw error;
      }
      return { engine: "pocketsphinx", language: "en", segments: groupWords(parseTimedWords(output)) };
    },
  };
}
