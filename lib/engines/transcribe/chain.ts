// extract-text: the engines in the configured order (TRANSCRIBE_ENGINES). The first that applies
// gives the transcript, written as the four order files; when none applies the order fails
// uncharged with a reason naming what to configure. An engine that applies but fails (a refused
// key, a busy server) fails the order itself rather than handing it to a weaker engine silently.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { type Engine, type EngineFile, EngineUnavailableError } from "@/lib/engines/types";
import { openaiEngine } from "@/lib/engines/transcribe/openai";
import { pocketsphinxEngine } from "@/lib/engines/transcribe/pocketsphinx";
import { subtitlesEngine } from "@/lib/engines/transcribe/subtitles";
import { isSkip, type TranscribeEngine, type TranscribeResult } from "@/lib/engines/transcribe/types";
import { probe } from "@/lib/media/ffmpeg";
import { makeTranscript, toSrt, toTxt, toVtt } from "@/lib/transcripts/format";
import { type TranscribeConfig, transcribeConfig } from "@/lib/transcripts/settings";

export const TRANSCRIPT_FILES = [
  { name: "transcript.txt", business: "text" },
  { name: "subtitles.srt", business: "srt" },
  { name: "subtitles.vtt", business: "vtt" },
  { name: "transcript.json", business: "transcript" },
] as const;

const OPENAI_MISSING =
  "no transcription server is configured (set its base URL on the admin settings page or TRANSCRIBE_BASE_URL)";

export function buildEngines(cfg: TranscribeConfig): TranscribeEngine[] {
  return cfg.engines.map((name) => {
    switch (name) {
      case "subtitles":
        return subtitlesEngine(cfg.language ?? undefined);
      case "openai":
        return openaiEngine(
          cfg.baseUrl
            ? {
                baseUrl: cfg.baseUrl,
                apiKey: cfg.apiKey,
                model: cfg.model,
                language: cfg.language,
                timeoutMs: cfg.timeoutMs,
                maxAttempts: cfg.maxAttempts,
                maxUploadBytes: cfg.maxUploadBytes,
                concurrency: cfg.concurrency,
              }
            : null,
          OPENAI_MISSING,
        );
      case "pocketsphinx":
        return pocketsphinxEngine(cfg.language);
    }
  });
}

export async function writeTranscriptFiles(
  outDir: string,
  result: TranscribeResult,
  durationSec: number,
): Promise<EngineFile[]> {
  const transcript = makeTranscript({ ...result, durationSec });
  const bodies: Record<(typeof TRANSCRIPT_FILES)[number]["business"], string> = {
    text: toTxt(transcript.segments),
    srt: toSrt(transcript.segments),
    vtt: toVtt(transcript.segments),
    transcript: `${JSON.stringify(transcript, null, 2)}\n`,
  };
  return Promise.all(
    TRANSCRIPT_FILES.map(async (f) => {
      const file = path.join(outDir, f.name);
      await fs.promises.writeFile(file, bodies[f.business], "utf8");
      return { name: f.name, business: f.business, path: file };
    }),
  );
}

export function extractTextEngine(load: () => Promise<TranscribeConfig> = transcribeConfig): Engine {
  return {
    name: "extract-text",
    async run(ctx) {
      const cfg = await load();
      const { demuxer } = await probe(ctx.inputPath, { signal: ctx.signal });
      const workDir = await fs.promises.mkdtemp(path.join(ctx.outDir, ".work-"));
      try {
        const skipped: string[] = [];
        for (const engine of buildEngines(cfg)) {
          const result = await engine.transcribe({
            inputPath: ctx.inputPath,
            demuxer,
            durationSec: ctx.durationSec,
            workDir,
            signal: ctx.signal,
            onProgress: (f, stage) => ctx.onProgress(Math.min(0.95, f), stage),
          });
          if (isSkip(result)) {
            skipped.push(`${engine.name}: ${result.skip}`);
            continue;
          }
          if (!result.segments.length && engine.name !== "subtitles") {
            skipped.push(`${engine.name}: heard no speech`);
            continue;
          }
          return await writeTranscriptFiles(ctx.outDir, result, ctx.durationSec);
        }
        throw new EngineUnavailableError(
          `No transcription engine could read this file (${skipped.join("; ") || "no engines are enabled in TRANSCRIBE_ENGINES"}); the order was not charged`,
          "transcription_unavailable",
        );
      } finally {
        await fs.promises.rm(workDir, { recursive: true, force: true });
      }
    },
  };
}
