// Engine 2: an OpenAI-compatible transcription server. Long media is cut at silences (ffmpeg
// silencedetect) into 16 kHz mono WAV pieces under the upload limit, sent a few at a time, and
// the pieces' timestamps shifted back onto the media's clock.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { detectSilences, type Silence, writeSpeechWav } from "@/lib/media/ffmpeg";
import type { Segment } from "@/lib/transcripts/format";
import {
  type OpenAIConfig,
  PieceTooLargeError,
  RESPONSE_FORMATS,
  type ResponseFormat,
  transcribePiece,
} from "@/lib/engines/transcribe/openai-client";
import { EngineUnavailableError } from "@/lib/engines/types";
import type { TranscribeContext, TranscribeEngine } from "@/lib/engines/transcribe/types";

/** 16 kHz × 16-bit mono, plus the WAV header and multipart framing. */
const BYTES_PER_SEC = 32_000;
const OVERHEAD = 4096;
/** Pieces are never cut shorter than this: a server refusing 5 s of audio (160 KB) is misconfigured. */
const MIN_PIECE_SEC = 5;

export type Range = { start: number; end: number };

/**
 * Cuts [start, end) into pieces of at most maxSec, each cut in the middle of the latest silence
 * in the second half of the window (so nobody is cut mid-word), or hard at maxSec when there is none.
 */
export function planPieces(range: Range, maxSec: number, silences: Silence[]): Range[] {
  const out: Range[] = [];
  let start = range.start;
  while (range.end - start > maxSec) {
    const limit = start + maxSec;
    const cut = silences
      .map((s) => (s.start + s.end) / 2)
      .filter((mid) => mid > start + maxSec / 2 && mid <= limit)
      .at(-1);
    const at = cut ?? limit;
    out.push({ start, end: at });
    start = at;
  }
  out.push({ start, end: range.end });
  return out;
}

async function mapLimit<T, R>(items: T[], limit: number, fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i], i);
      } catch (error) {
        failed = true;
        throw error;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

export type OpenAIEngineConfig = OpenAIConfig & { maxUploadBytes: number; concurrency: number };

export function openaiEngine(cfg: OpenAIEngineConfig | null, missingReason: string): TranscribeEngine {
  return {
    name: "openai",
    async transcribe(ctx: TranscribeContext) {
      if (!cfg) return { skip: missingReason };
      const maxSec = Math.max(MIN_PIECE_SEC, Math.floor((cfg.maxUploadBytes - OVERHEAD) / BYTES_PER_SEC));
      // Pauses are looked for only when something must be cut (long media, or a 413), once.
      let found: Promise<Silence[]> | null = null;
      const silences = () => (found ??= detectSilences(ctx.inputPath, ctx.demuxer, { signal: ctx.signal }));
      ctx.onProgress(0.02, "finding pauses");
      const pieces = planPieces(
        { start: 0, end: ctx.durationSec },
        maxSec,
        ctx.durationSec > maxSec ? await silences() : [],
      );
      const formats: ResponseFormat[] = [...RESPONSE_FORMATS];
      let done = 0;
      let language: string | null = cfg.language;
      let used: ResponseFormat = "verbose_json";

      const run = async (piece: Range, id: string): Promise<Segment[]> => {
        const file = path.join(ctx.workDir, `piece-${id}.wav`);
        await writeSpeechWav(ctx.inputPath, ctx.demuxer, file, {
          startSec: piece.start,
          durationSec: piece.end - piece.start,
          signal: ctx.signal,
        });
        const wav = await fs.promises.readFile(file);
        await fs.promises.rm(file, { force: true });
        try {
          const r = await transcribePiece(cfg, wav, piece.end - piece.start, formats, ctx.signal);
          language ??= r.language;
          used = r.format;
          return r.segments.map((s) => ({
            start: piece.start + s.start,
            end: Math.min(piece.start + s.end, piece.end),
            text: s.text,
          }));
        } catch (error) {
          if (!(error instanceof PieceTooLargeError)) throw error;
          const len = piece.end - piece.start;
          if (len / 2 < MIN_PIECE_SEC) {
            throw new EngineUnavailableError(
              `The transcription server refuses even ${Math.round(len)} s of audio as too large (HTTP 413); raise its upload limit`,
            );
          }
          // Cut in two at the pause nearest the middle and send both halves.
          const halves = planPieces(piece, len / 2 + 1, await silences());
          const parts = await mapLimit(halves, 1, (h, j) => run(h, `${id}-${j}`));
          return parts.flat();
        }
      };

      const parts = await mapLimit(pieces, cfg.concurrency, async (piece, i) => {
        const segs = await run(piece, String(i));
        done++;
        ctx.onProgress(0.05 + (0.9 * done) / pieces.length, "transcribing");
        return segs;
      });
      return {
        engine: `openai:${cfg.model}${used === "verbose_json" ? "" : `(${used})`}`,
        language,
        segments: parts.flat(),
      };
    },
  };
}
