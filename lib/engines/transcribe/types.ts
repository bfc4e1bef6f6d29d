// What each extract-text engine implements. The chain (chain.ts) tries them in the configured
// order; an engine that does not apply says why with `skip`, so the final failure can name what
// to configure.
import type { Segment } from "@/lib/transcripts/format";

export type TranscribeContext = {
  inputPath: string;
  /** The demuxer probe found, forced on every later open of the untrusted input. */
  demuxer: string;
  durationSec: number;
  /** A private scratch directory, removed by the caller. */
  workDir: string;
  signal: AbortSignal;
  onProgress: (fraction: number, stage: string) => void;
};

export type TranscribeResult = { engine: string; language: string | null; segments: Segment[] };

/** The engine does not apply here (not configured, not installed, nothing to read): try the next. */
export type Skip = { skip: string };

export type TranscribeEngine = {
  name: "subtitles" | "openai" | "pocketsphinx";
  transcribe(ctx: TranscribeContext): Promise<TranscribeResult | Skip>;
};

export const isSkip = (r: TranscribeResult | Skip): r is Skip => "skip" in r;
