// Embedded subtitles: an mp4 with a mov_text track and an mkv with an ASS track, made here by
// ffmpeg, come back word for word with their timings as the four order files.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { extractTextEngine } from "@/lib/engines/transcribe/chain";
import { pickSubtitleStream } from "@/lib/engines/transcribe/subtitles";
import { EngineUnavailableError } from "@/lib/engines/types";
import { parseTranscript } from "@/lib/transcripts/format";
import type { TranscribeConfig } from "@/lib/transcripts/settings";
import { expectValidSrt, expectValidVtt } from "@/test/helpers/subtitles";
import {
  type Cue,
  engineContext,
  makeBursts,
  makeSubtitledVideo,
  writeAss,
  writeSrt,
} from "@/test/helpers/transcribe-media";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-subs-"));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const CUES: Cue[] = [
  { start: 0.5, end: 2.25, text: "Welcome back to the studio." },
  { start: 2.5, end: 4.75, text: "大家好，今天我们来录音。" },
  { start: 5, end: 7.5, text: "Two lines\nin one caption" },
];

const config =
  (engines: TranscribeConfig["engines"]): (() => Promise<TranscribeConfig>) =>
  async () => ({
    engines,
    baseUrl: null,
    apiKey: null,
    model: "whisper-1",
    language: null,
    maxUploadBytes: 1 << 24,
    concurrency: 1,
    timeoutMs: 5000,
    maxAttempts: 1,
  });

async function run(input: string, name: string, engines: TranscribeConfig["engines"] = ["subtitles"]) {
  const out = path.join(dir, name);
  const files = await extractTextEngine(config(engines)).run(engineContext(input, out, 8));
  const read = (b: string) => fs.readFileSync(files.find((f) => f.business === b)!.path, "utf8");
  return { files, json: parseTranscript(read("transcript")), srt: read("srt"), vtt: read("vtt"), txt: read("text") };
}

describe("embedded subtitles engine", () => {
  it("reads a mov_text track of an mp4 word for word, with its timings, into four valid files", async () => {
    writeSrt(path.join(dir, "cues.srt"), CUES);
    const mp4 = makeSubtitledVideo(path.join(dir, "movtext.mp4"), path.join(dir, "cues.srt"), 8, "mov_text");
    const r = await run(mp4, "mp4");
    expect(r.files.map((f) => [f.name, f.business])).toEqual([
      ["transcript.txt", "text"],
      ["subtitles.srt", "srt"],
      ["subtitles.vtt", "vtt"],
      ["transcript.json", "transcript"],
    ]);
    expect(r.json).toMatchObject({ version: 1, engine: "subtitles:mov_text", language: "eng", durationSec: 8 });
    expect(r.json.segments).toEqual(CUES);
    expect(expectValidSrt(r.srt).map((c) => c.text)).toEqual(CUES.map((c) => c.text));
    expect(expectValidVtt(r.vtt).map((c) => [c.start / 1000, c.end / 1000])).toEqual(CUES.map((c) => [c.start, c.end]));
    expect(r.txt).toBe("Welcome back to the studio.\n大家好，今天我们来录音。\nTwo lines in one caption\n");
  });

  it("reads an ASS track of an mkv word for word (styling dropped), timings to the centisecond", async () => {
    const ass = path.join(dir, "cues.ass");
    writeAss(ass, [...CUES.slice(0, 2), { ...CUES[2], text: "{\\i1}Two lines{\\i0}\nin one caption" }]);
    const mkv = makeSubtitledVideo(path.join(dir, "ass.mkv"), ass, 8, "ass", "chi");
    const r = await run(mkv, "mkv");
    expect(r.json).toMatchObject({ engine: "subtitles:ass", language: "chi" });
    expect(r.json.segments).toEqual(CUES);
    expectValidSrt(r.srt);
    expect(Buffer.from(r.srt, "utf8").includes(Buffer.from("大家好，今天我们来录音。", "utf8"))).toBe(true);
  });

  it("reads SubRip and WebVTT tracks of an mkv word for word", async () => {
    writeSrt(path.join(dir, "cues2.srt"), CUES);
    for (const codec of ["srt", "webvtt"] as const) {
      const mkv = makeSubtitledVideo(path.join(dir, `${codec}.mkv`), path.join(dir, "cues2.srt"), 8, codec);
      const r = await run(mkv, codec);
      expect(r.json.engine).toBe(codec === "srt" ? "subtitles:subrip" : "subtitles:webvtt");
      expect(r.json.segments).toEqual(CUES);
    }
  });

  it("fails uncharged naming what to configure when nothing applies", async () => {
    const wav = makeBursts(path.join(dir, "plain.wav"), [[1, 2]], 3);
    const failure = run(wav, "plain", ["subtitles", "openai"]);
    await expect(failure).rejects.toBeInstanceOf(EngineUnavailableError);
    await expect(failure).rejects.toThrow(
      /subtitles: the file has no embedded subtitles; openai: no transcription server is configured \(set its base URL on the admin settings page or TRANSCRIBE_BASE_URL\).*not charged/,
    );
  });
});

describe("choosing a subtitle stream", () => {
  const streams = [
    { index: 2, codec: "hdmv_pgs_subtitle", language: "chi", title: null },
    { index: 3, codec: "subrip", language: "eng", title: null },
    { index: 4, codec: "ass", language: "chi", title: null },
  ];
  it("prefers a text stream in the hinted language (ISO 639-1 hint, ISO 639-2 tags), skipping picture subtitles", () => {
    expect(pickSubtitleStream(streams, "zh")?.index).toBe(4);
    expect(pickSubtitleStream(streams, "en")?.index).toBe(3);
    expect(pickSubtitleStream(streams, "ja")?.index).toBe(3);
    expect(pickSubtitleStream(streams)?.index).toBe(3);
    expect(pickSubtitleStream(streams.slice(0, 1))).toBeNull();
  });
});
