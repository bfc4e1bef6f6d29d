// Reads add_audios' audio_infos into clips, checking every element before anything is fetched so
// a bad request changes nothing. The order of checks decides which of the spec's messages wins.
import { DraftError } from "@/lib/drafts/errors";

export type ClipRequest = {
  url: string;
  /** Timeline position, µs (integers: fractions truncated). */
  start: number;
  end: number;
  /**
   * Source in-point, µs: the Mixdesk extension `source_start` (default 0), so a left-trimmed Studio
   * clip survives the round trip. The clip plays the source from here for end − start.
   */
  sourceStart: number;
  /** The client's idea of the source length; only a hint (ffprobe decides). */
  durationHint: number | null;
  volume: number;
  fadeIn: number;
  fadeOut: number;
};

const isNumber = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

function readArray(raw: string | unknown[]): unknown[] {
  let parsed: unknown = raw;
  if (typeof raw === "string") {
    try {
      parsed = JSON.parse(raw);
    } catch {
      throw new DraftError("audioInfosMalformed");
    }
  }
  if (!Array.isArray(parsed) || parsed.length === 0) throw new DraftError("audioInfosMalformed");
  return parsed;
}

function readClip(item: unknown): ClipRequest {
  if (!item || typeof item !== "object" || Array.isArray(item)) throw new DraftError("audioInvalid");
  const o = item as Record<string, unknown>;
  if (
    o.audio_url === undefined ||
    o.audio_url === null ||
    (typeof o.audio_url === "string" && o.audio_url.trim() === "")
  ) {
    throw new DraftError("audioUrlRequired");
  }
  if (typeof o.audio_url !== "string" || o.audio_url.length > 4096) throw new DraftError("audioInvalid");
  if (!isNumber(o.start) || !isNumber(o.end)) throw new DraftError("audioInvalid");
  const optional = (v: unknown, fallback: number) => {
    if (v === undefined || v === null) return fallback;
    if (!isNumber(v)) throw new DraftError("audioInvalid");
    return v;
  };
  const volume = optional(o.volume, 1);
  const fadeIn = Math.trunc(optional(o.fade_in, 0));
  const fadeOut = Math.trunc(optional(o.fade_out, 0));
  // Required by the spec's table; only a hint, since ffprobe measures the real length.
  if (!isNumber(o.duration)) throw new DraftError("audioInvalid");
  const hint = Math.trunc(o.duration);
  const start = Math.trunc(o.start);
  const end = Math.trunc(o.end);
  if (start < 0 || (hint !== null && hint < 0) || fadeIn < 0 || fadeOut < 0) throw new DraftError("audioInvalid");
  if (end <= start) throw new DraftError("timeRangeInvalid");
  if (volume < 0 || volume > 1) throw new DraftError("volumeInvalid");
  if (fadeIn + fadeOut > end - start) throw new DraftError("audioInvalid");
  if (end > Number.MAX_SAFE_INTEGER / 2) throw new DraftError("audioInvalid");
  // The extension is checked against the declared length here, and against the measured length once
  // fetched; without it the spec's behaviour stands (a clip longer than its source is cut, not refused).
  const sourceStart = Math.trunc(optional(o.source_start, 0));
  if (sourceStart < 0 || (sourceStart > 0 && sourceStart + (end - start) > hint)) throw new DraftError("audioInvalid");
  return { url: o.audio_url.trim(), start, end, sourceStart, durationHint: hint, volume, fadeIn, fadeOut };
}

/** Validates audio_infos (a JSON string or an array) and returns its clips in order. */
export function parseAudioInfos(raw: string | unknown[]): ClipRequest[] {
  return readArray(raw).map(readClip);
}
