// Reads add_captions' `captions` and `style` into cues and a resolved style, checking everything
// before the draft is touched so a bad request changes nothing. Like add_audios, what can be
// repaired is repaired with a warning (overlaps cut, sizes clamped, long texts shortened) and
// what cannot is one of the table's messages. Pure: shared by the HTTP route and "Send to a draft".
import { DraftError } from "@/lib/drafts/errors";
import type { CaptionStyle } from "@/lib/drafts/text-track";

/** One caption to write, µs (integers), in timeline order; `index` is its place in the request. */
export type Cue = { index: number; start: number; end: number; text: string };

export const MAX_CAPTIONS = 5000;
export const MAX_CAPTION_CHARS = 500;
export const FONT_SIZE_RANGE = [1, 100] as const;
/** Named positions in half-canvas heights (JianYing's clip transform: +1 is the top edge). */
export const POSITIONS = { bottom: -0.8, middle: 0, top: 0.8 } as const;

export const DEFAULT_STYLE: CaptionStyle = {
  fontSize: 8,
  color: "#FFFFFF",
  positionY: POSITIONS.bottom,
  background: null,
  backgroundAlpha: 1,
  bold: false,
};

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);
const HEX = /^#[0-9A-Fa-f]{6}$/;
const isControl = (c: string) => {
  const code = c.charCodeAt(0);
  return code < 0x20 || code === 0x7f;
};
const absent = (v: unknown) => v === undefined || v === null;

function readArray(raw: unknown): unknown[] {
  if (absent(raw) || (typeof raw === "string" && raw.trim() === "")) throw new DraftError("captionsRequired");
  let parsed = raw;
  if (typeof raw === "string") {
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new DraftError("captionsMalformed");
    }
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new DraftError("captionsMalformed");
  if (parsed.length > MAX_CAPTIONS) throw new DraftError("captionInvalid");
  return parsed;
}

function readCue(item: unknown, index: number, warnings: string[]): Cue {
  if (!item || typeof item !== "object" || Array.isArray(item)) throw new DraftError("captionInvalid");
  const o = item as Record<string, unknown>;
  if (absent(o.text) || (typeof o.text === "string" && o.text.trim() === "")) throw new DraftError("textRequired");
  if (typeof o.text !== "string") throw new DraftError("captionInvalid");
  if (!isNumber(o.start) || !isNumber(o.end)) throw new DraftError("captionInvalid");
  const start = Math.trunc(o.start);
  const end = Math.trunc(o.end);
  if (start < 0 || end > Number.MAX_SAFE_INTEGER / 2) throw new DraftError("captionInvalid");
  if (end <= start) throw new DraftError("timeRangeInvalid");
  // Line breaks are kept (JianYing shows them); other control characters are not text.
  const chars = [...o.text.trim().replace(/\r\n?/g, "\n")].filter((c) => c === "\n" || !isControl(c));
  let text = chars.join("");
  if (chars.length > MAX_CAPTION_CHARS) {
    text = chars.slice(0, MAX_CAPTION_CHARS).join("");
    warnings.push(`captions[${index}]: text shortened to ${MAX_CAPTION_CHARS} characters`);
  }
  return { index, start, end, text };
}

/** Validates `captions` (a JSON string or an array): cues in timeline order, overlaps cut, with warnings. */
export function parseCaptions(raw: unknown): { cues: Cue[]; warnings: string[] } {
  const warnings: string[] = [];
  const cues = readArray(raw)
    .map((item, i) => readCue(item, i, warnings))
    .sort((a, b) => a.start - b.start || a.index - b.index);
  // One line on screen at a time: a caption still showing when the next begins ends there.
  for (let i = 0; i + 1 < cues.length; i++) {
    const cue = cues[i];
    const next = cues[i + 1];
    if (cue.end <= next.start) continue;
    if (next.start <= cue.start) throw new DraftError("timeRangeInvalid");
    warnings.push(
      `captions[${cue.index}]: ends where captions[${next.index}] begins, at ${next.start} µs instead of ${cue.end} µs`,
    );
    cue.end = next.start;
  }
  return { cues, warnings };
}

function clamp(value: number, min: number, max: number, name: string, warnings: string[]) {
  const v = Math.min(max, Math.max(min, value));
  if (v !== value) warnings.push(`style.${name}: ${value} is outside ${min}…${max}, ${v} used`);
  return v;
}

/** Validates `style` (an object, a JSON string of one, or absent) into every field set. */
export function parseStyle(raw: unknown): { style: CaptionStyle; warnings: string[] } {
  const warnings: string[] = [];
  if (absent(raw) || (typeof raw === "string" && raw.trim() === "")) return { style: { ...DEFAULT_STYLE }, warnings };
  let parsed = raw;
  if (typeof raw === "string") {
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new DraftError("styleInvalid");
    }
  }
  if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) throw new DraftError("styleInvalid");
  const o = parsed as Record<string, unknown>;
  const style = { ...DEFAULT_STYLE };

  if (!absent(o.font_size)) {
    if (!isNumber(o.font_size)) throw new DraftError("styleInvalid");
    style.fontSize = clamp(o.font_size, FONT_SIZE_RANGE[0], FONT_SIZE_RANGE[1], "font_size", warnings);
  }
  if (!absent(o.text_color)) {
    if (typeof o.text_color !== "string" || !HEX.test(o.text_color)) throw new DraftError("styleInvalid");
    style.color = o.text_color.toUpperCase();
  }
  if (!absent(o.position)) {
    if (typeof o.position === "string" && o.position in POSITIONS)
      style.positionY = POSITIONS[o.position as keyof typeof POSITIONS];
    else if (isNumber(o.position)) style.positionY = clamp(o.position, -1, 1, "position", warnings);
    else throw new DraftError("styleInvalid");
  }
  if (!absent(o.background_color) && o.background_color !== "") {
    if (typeof o.background_color !== "string" || !HEX.test(o.background_color)) throw new DraftError("styleInvalid");
    style.background = o.background_color.toUpperCase();
  }
  if (!absent(o.background_alpha)) {
    if (!isNumber(o.background_alpha)) throw new DraftError("styleInvalid");
    style.backgroundAlpha = clamp(o.background_alpha, 0, 1, "background_alpha", warnings);
  }
  if (!absent(o.bold)) {
    if (typeof o.bold !== "boolean") throw new DraftError("styleInvalid");
    style.bold = o.bold;
  }
  return { style, warnings };
}
