// Engine 1: subtitle/caption streams already inside the input (SubRip, ASS/SSA, mov_text,
// WebVTT). ffmpeg converts the chosen stream to SubRip, which parseSrt reads: exact and free.
import "server-only";
import { extractSubtitleSrt, subtitleStreams, TEXT_SUBTITLE_CODECS, type SubtitleStream } from "@/lib/media/ffmpeg";
import { parseSrt } from "@/lib/transcripts/format";
import type { TranscribeEngine } from "@/lib/engines/transcribe/types";

// Containers tag streams with ISO 639-2 codes; the language hint is ISO 639-1.
const THREE_LETTER: Record<string, string[]> = {
  en: ["eng"],
  zh: ["chi", "zho", "cmn", "yue"],
  ja: ["jpn"],
  ko: ["kor"],
  fr: ["fre", "fra"],
  de: ["ger", "deu"],
  es: ["spa"],
  ru: ["rus"],
  pt: ["por"],
  it: ["ita"],
};

/** The stream to read: the first text stream in the preferred language, else the first text stream. */
export function pickSubtitleStream(streams: SubtitleStream[], preferLanguage?: string): SubtitleStream | null {
  const text = streams.filter((s) => (TEXT_SUBTITLE_CODECS as readonly string[]).includes(s.codec));
  if (preferLanguage) {
    const want = preferLanguage.toLowerCase();
    const codes = [want, ...(THREE_LETTER[want] ?? [])];
    const match = text.find((s) => {
      const lang = s.language?.toLowerCase() ?? "";
      return codes.some((c) => lang === c || lang.startsWith(`${c}-`));
    });
    if (match) return match;
  }
  return text[0] ?? null;
}

export function subtitlesEngine(preferLanguage?: string): TranscribeEngine {
  return {
    name: "subtitles",
    async transcribe(ctx) {
      const streams = await subtitleStreams(ctx.inputPath, ctx.demuxer, { signal: ctx.signal });
      const stream = pickSubtitleStream(streams, preferLanguage);
      if (!stream) {
        return {
          skip: streams.length
            ? `its subtitle streams are images (${streams.map((s) => s.codec).join(", ")}), not text`
            : "the file has no embedded subtitles",
        };
      }
      ctx.onProgress(0.2, "reading embedded subtitles");
      const srt = await extractSubtitleSrt(ctx.inputPath, ctx.demuxer, stream.index, { signal: ctx.signal });
      const segments = parseSrt(srt);
      if (!segments.length) return { skip: "its embedded subtitles are empty" };
      return { engine: `subtitles:${stream.codec}`, language: stream.language, segments };
    },
  };
}
