// The transcript contract shared by the extract-text engines, the order files and the transcript
// viewer: one JSON shape (transcript.json) and its SRT/VTT/TXT renderings. Pure: no server-only,
// so the browser and the tests import it too.
import { z } from "zod";

export type Segment = { start: number; end: number; text: string };

export type Transcript = {
  version: 1;
  /** BCP-47-ish language code when known ("en", "zh"), else null. */
  language: string | null;
  /** Which engine produced it: "subtitles:mov_text", "openai:whisper-1", "pocketsphinx". */
  engine: string;
  durationSec: number;
  segments: Segment[];
};

/** Seconds rounded to whole milliseconds: the precision of SRT/VTT and of transcript.json. */
export const roundMs = (sec: number) => Math.round(sec * 1000) / 1000;

const segmentSchema = z
  .object({
    start: z.number().finite().min(0),
    end: z.number().finite().min(0),
    text: z.string().refine((t) => t.trim() !== "", { error: "must not be empty" }),
  })
  .refine((s) => s.end >= s.start, { error: "end must not be before start", path: ["end"] });

export const transcriptSchema = z
  .object({
    version: z.literal(1),
    language: z.string().min(1).max(35).nullable(),
    engine: z.string().min(1).max(200),
    durationSec: z.number().finite().min(0),
    segments: z.array(segmentSchema),
  })
  .superRefine((t, ctx) => {
    for (let i = 1; i < t.segments.length; i++) {
      if (t.segments[i].start < t.segments[i - 1].end) {
        ctx.addIssue({
          code: "custom",
          path: ["segments", i, "start"],
          message: "segments must be sorted and must not overlap",
        });
      }
    }
  });

/** Validates a transcript (a JSON string or an already parsed value); throws a ZodError or SyntaxError. */
export function parseTranscript(json: unknown): Transcript {
  const value = typeof json === "string" ? JSON.parse(json) : json;
  return transcriptSchema.parse(value) as Transcript;
}

/** Lines trimmed, blank lines dropped (a blank line ends an SRT/VTT cue), inner runs of spaces kept. */
function cleanText(text: string): string {
  return text
    .replace(/\r\n?/g, "\n")
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "")
    .join("\n");
}

/**
 * Makes any list of segments valid for the contract: text cleaned and empty ones dropped, times
 * rounded to ms and clamped to [0, durationSec], sorted, and overlaps removed. Cues starting at the
 * same moment (two speakers, two lines of one caption) are merged; a later overlapping cue cuts the
 * earlier one short. A cue with no length gets up to one second, never past the next cue.
 */
export function normalizeSegments(segs: readonly Segment[], durationSec?: number): Segment[] {
  const limit = durationSec !== undefined && Number.isFinite(durationSec) && durationSec > 0 ? durationSec : Infinity;
  const clamp = (v: number) => roundMs(Math.min(Math.max(v, 0), limit));
  const cleaned = segs
    .filter((s) => Number.isFinite(s.start) && Number.isFinite(s.end) && typeof s.text === "string")
    .map((s) => ({ start: clamp(s.start), end: clamp(Math.max(s.end, s.start)), text: cleanText(s.text) }))
    .filter((s) => s.text !== "" && s.start < limit)
    .sort((a, b) => a.start - b.start);

  const out: Segment[] = [];
  for (const seg of cleaned) {
    const last = out.at(-1);
    if (last && seg.start === last.start) {
      last.text = `${last.text}\n${seg.text}`;
      last.end = Math.max(last.end, seg.end);
      continue;
    }
    if (last && seg.start < last.end) last.end = seg.start;
    out.push({ ...seg });
  }
  for (let i = 0; i < out.length; i++) {
    if (out[i].end <= out[i].start) {
      const next = out[i + 1]?.start ?? limit;
      out[i].end = roundMs(Math.min(out[i].start + 1, next));
    }
  }
  return out.filter((s) => s.end > s.start);
}

export function makeTranscript(input: {
  language: string | null;
  engine: string;
  durationSec: number;
  segments: readonly Segment[];
}): Transcript {
  return {
    version: 1,
    language: input.language,
    engine: input.engine,
    durationSec: roundMs(input.durationSec),
    segments: normalizeSegments(input.segments, input.durationSec),
  };
}

function clock(sec: number, sep: "," | "."): string {
  const ms = Math.max(0, Math.round(sec * 1000));
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor((ms % 3_600_000) / 60_000);
  const s = Math.floor((ms % 60_000) / 1000);
  const pad = (n: number, w = 2) => String(n).padStart(w, "0");
  return `${pad(h)}:${pad(m)}:${pad(s)}${sep}${pad(ms % 1000, 3)}`;
}

export const srtTime = (sec: number) => clock(sec, ",");
export const vttTime = (sec: number) => clock(sec, ".");

/** SubRip: numbered from 1, `HH:MM:SS,mmm --> HH:MM:SS,mmm`, cues separated by one blank line. */
export function toSrt(segments: readonly Segment[]): string {
  return normalizeSegments(segments)
    .map((s, i) => `${i + 1}\n${srtTime(s.start)} --> ${srtTime(s.end)}\n${s.text}\n`)
    .join("\n");
}

const escapeVtt = (t: string) => t.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

/** WebVTT: the header, then cues (text escaped: `<`, `&` and `-->` cannot appear raw in a cue). */
export function toVtt(segments: readonly Segment[]): string {
  const cues = normalizeSegments(segments).map(
    (s) => `${vttTime(s.start)} --> ${vttTime(s.end)}\n${escapeVtt(s.text)}\n`,
  );
  return `WEBVTT\n\n${cues.join("\n")}`;
}

/** Plain text: one segment a line. */
export function toTxt(segments: readonly Segment[]): string {
  const lines = normalizeSegments(segments).map((s) => s.text.replace(/\n/g, " "));
  return lines.length ? `${lines.join("\n")}\n` : "";
}

/** `[HH:]MM:SS[,.]mmm` (hours optional, 1–3 fraction digits) to seconds; null if it is not a time. */
export function parseClock(value: string): number | null {
  const m = /^(?:(\d+):)?(\d{1,2}):(\d{1,2})(?:[,.](\d{1,3}))?$/.exec(value.trim());
  if (!m) return null;
  const [, h, min, s, frac] = m;
  const ms = frac ? Number(frac.padEnd(3, "0")) : 0;
  return roundMs(Number(h ?? 0) * 3600 + Number(min) * 60 + Number(s) + ms / 1000);
}

const TIMING = /^\s*(\S+)\s+-->\s+(\S+)/;

/** Markup a viewer would not show. SRT: its few formatting tags and ASS override blocks (other
 * `<...>` is text); VTT: every tag (a raw `<` cannot be text there) and its entities. */
function stripMarkup(text: string, vtt: boolean): string {
  const stripped = text
    .replace(/\{\\[^}]*\}/g, "")
    .replace(/\\N/g, "\n")
    .replace(vtt ? /<[^>]*>/g : /<\/?(?:b|i|u|s|font)(?:\s[^>]*)?>/gi, "");
  if (!vtt) return stripped;
  return stripped
    .replace(/&lt;/g, "<")
    .replace(/&gt;/g, ">")
    .replace(/&nbsp;/g, " ")
    .replace(/&lrm;|&rlm;/g, "")
    .replace(/&amp;/g, "&");
}

/** Cues of SRT or VTT text: each block's first timing line, then its text lines. */
function parseCues(source: string, skipHeader: boolean): Segment[] {
  const blocks = source
    .replace(/^\uFEFF/, "")
    .replace(/\r\n?/g, "\n")
    .split(/\n[ \t]*\n/);
  const out: Segment[] = [];
  blocks.forEach((block, index) => {
    const lines = block.split("\n");
    if (skipHeader && index === 0 && /^WEBVTT/.test(lines[0] ?? "")) return;
    if (skipHeader && /^(NOTE|STYLE|REGION)\b/.test(lines[0] ?? "")) return;
    const at = lines.findIndex((l) => TIMING.test(l));
    if (at < 0) return;
    const [, a, b] = TIMING.exec(lines[at]) ?? [];
    const start = parseClock(a ?? "");
    const end = parseClock(b ?? "");
    if (start === null || end === null) return;
    const text = stripMarkup(lines.slice(at + 1).join("\n"), skipHeader);
    out.push({ start, end, text });
  });
  return normalizeSegments(out);
}

/** SubRip text (as ffmpeg writes it for any subtitle stream) to normalized segments. */
export const parseSrt = (source: string): Segment[] => parseCues(source, false);

/** WebVTT text to normalized segments (header, NOTE/STYLE/REGION blocks and cue settings ignored). */
export const parseVtt = (source: string): Segment[] => parseCues(source, true);
