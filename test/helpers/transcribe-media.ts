// Media for the extract-text tests, made on the spot: subtitled videos (mov_text mp4, ASS mkv),
// tone bursts with pauses (the shape of speech for the splitter), and espeak-ng English speech.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { vi } from "vitest";
import type { EngineContext } from "@/lib/engines/types";
import type { TranscribeContext } from "@/lib/engines/transcribe/types";

export type Cue = { start: number; end: number; text: string };

const clock = (s: number, sep: string) => {
  const ms = Math.round(s * 1000);
  const p = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${p(Math.floor(ms / 3_600_000))}:${p(Math.floor(ms / 60_000) % 60)}:${p(Math.floor(ms / 1000) % 60)}${sep}${p(ms % 1000, 3)}`;
};

/** An SRT file written by hand (not by lib/transcripts/format), as a subtitle author would. */
export function writeSrt(file: string, cues: Cue[]) {
  fs.writeFileSync(
    file,
    cues.map((c, i) => `${i + 1}\n${clock(c.start, ",")} --> ${clock(c.end, ",")}\n${c.text}\n`).join("\n"),
  );
}

/** An ASS script with one style and a Dialogue line per cue (centiseconds, as ASS counts). */
export function writeAss(file: string, cues: Cue[]) {
  const t = (s: number) => {
    const cs = Math.round(s * 100);
    return `${Math.floor(cs / 360_000)}:${String(Math.floor(cs / 6000) % 60).padStart(2, "0")}:${String(Math.floor(cs / 100) % 60).padStart(2, "0")}.${String(cs % 100).padStart(2, "0")}`;
  };
  const head = [
    "[Script Info]",
    "ScriptType: v4.00+",
    "PlayResX: 640",
    "PlayResY: 360",
    "",
    "[V4+ Styles]",
    "Format: Name, Fontname, Fontsize, PrimaryColour, SecondaryColour, OutlineColour, BackColour, Bold, Italic, Underline, StrikeOut, ScaleX, ScaleY, Spacing, Angle, BorderStyle, Outline, Shadow, Alignment, MarginL, MarginR, MarginV, Encoding",
    "Style: Default,Arial,28,&H00FFFFFF,&H000000FF,&H00000000,&H00000000,0,0,0,0,100,100,0,0,1,2,0,2,10,10,10,1",
    "",
    "[Events]",
    "Format: Layer, Start, End, Style, Name, MarginL, MarginR, MarginV, Effect, Text",
  ];
  const lines = cues.map(
    (c) => `Dialogue: 0,${t(c.start)},${t(c.end)},Default,,0,0,0,,${c.text.replace(/\n/g, "\\N")}`,
  );
  fs.writeFileSync(file, `${[...head, ...lines].join("\n")}\n`);
}

/** A small video (colour + tone) of `seconds` with `subs` muxed as its subtitle stream. */
export function makeSubtitledVideo(
  out: string,
  subs: string,
  seconds: number,
  codec: "mov_text" | "ass" | "srt" | "webvtt",
  language = "eng",
) {
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `color=c=black:s=160x90:r=10:d=${seconds}`,
    "-f",
    "lavfi",
    "-i",
    `sine=frequency=300:sample_rate=16000:duration=${seconds}`,
    "-i",
    subs,
    "-map",
    "0:v",
    "-map",
    "1:a",
    "-map",
    "2:s",
    // FLAC in Matroska: AAC's priming would make the muxer shift every packet, captions included.
    "-c:v",
    "mpeg4",
    "-c:a",
    codec === "mov_text" ? "aac" : "flac",
    "-c:s",
    codec,
    "-metadata:s:s:0",
    `language=${language}`,
    "-shortest",
    out,
  ]);
  return out;
}

/** Tone bursts (stand-ins for phrases) separated by digital silence, exact to the sample. */
export function makeBursts(out: string, bursts: [number, number][], total: number) {
  const expr = bursts.map(([a, b]) => `between(t,${a},${b})`).join("+");
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "lavfi",
    "-i",
    `aevalsrc='0.5*sin(2*PI*500*t)*(${expr})':s=16000:d=${total}`,
    "-ac",
    "1",
    out,
  ]);
  return out;
}

/** English speech by espeak-ng (voice en-us, 130 words a minute), one sentence after another. */
export function speak(out: string, sentences: string[], voice = "en-us", wpm = 130) {
  const parts = sentences.map((s, i) => {
    const f = `${out}.${i}.wav`;
    execFileSync("espeak-ng", ["-v", voice, "-s", String(wpm), "-w", f, s]);
    return f;
  });
  const list = `${out}.txt`;
  fs.writeFileSync(list, parts.map((p) => `file '${path.resolve(p)}'`).join("\n"));
  execFileSync("ffmpeg", [
    "-v",
    "error",
    "-y",
    "-f",
    "concat",
    "-safe",
    "0",
    "-i",
    list,
    "-ac",
    "1",
    "-ar",
    "16000",
    out,
  ]);
  for (const p of [...parts, list]) fs.rmSync(p, { force: true });
  return out;
}

export function durationOf(file: string): number {
  return Number(
    execFileSync("ffprobe", ["-v", "error", "-show_entries", "format=duration", "-of", "csv=p=0", file])
      .toString()
      .trim(),
  );
}

export function engineContext(inputPath: string, outDir: string, durationSec: number): EngineContext {
  fs.mkdirSync(outDir, { recursive: true });
  return { inputPath, outDir, durationSec, onProgress: vi.fn(), signal: new AbortController().signal };
}

export function transcribeContext(
  inputPath: string,
  workDir: string,
  durationSec: number,
  demuxer: string,
): TranscribeContext {
  fs.mkdirSync(workDir, { recursive: true });
  return { inputPath, demuxer, durationSec, workDir, onProgress: vi.fn(), signal: new AbortController().signal };
}
