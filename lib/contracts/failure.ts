// Why an order failed, as a code the browser translates (messages: errors.failure.<code> and
// errors.failureHint.<code>) with a few safe parameters: numbers and short words, never a URL,
// a path, a host or a library's message. The English `reason` beside it is the Open API's text.
// Browser-safe: no zod, no server code.
export const FAILURE_CODES = [
  /** The file is not audio or video (or a playlist, or undecodable). */
  "not_media",
  "no_audio",
  /** Longer than MAX_ORDER_MINUTES: params minutes, maxMinutes. */
  "too_long",
  "upload_missing",
  /** The link is not an http(s) URL we fetch (bad syntax, credentials in it). */
  "link_invalid",
  /** The link points at a private or local address. */
  "link_blocked",
  "link_host_unknown",
  /** The link answered an HTTP error: params status. */
  "link_http_status",
  /** Larger than MAX_INPUT_MB: params mb. */
  "link_too_large",
  "link_timeout",
  /** A broken connection or too many redirects. */
  "link_network",
  /** The balance cannot cover the measured length. */
  "insufficient_credits",
  /** The engine cannot serve this order here (e.g. no transcription engine configured). */
  "engine_unavailable",
  /** extract-text: the file has no subtitles and no transcription server applies. */
  "transcription_unavailable",
  /** The engine or ffmpeg kept failing (after retries). */
  "processing_failed",
  /** A relayed upstream refused the input (its 4xx); the English reason carries its words. */
  "upstream_rejected",
  /** Not finished in ORDER_TIMEOUT_MINUTES: params minutes. */
  "timed_out",
  "unknown",
] as const;

export type FailureCode = (typeof FAILURE_CODES)[number];
export type FailureParams = Record<string, number | string>;
export type Failure = { code: FailureCode; params?: FailureParams };

export const isFailureCode = (code: unknown): code is FailureCode =>
  typeof code === "string" && (FAILURE_CODES as readonly string[]).includes(code);

/** The stored JSON of a failure's params, read back; anything malformed is dropped. */
export function parseFailureParams(json: string | null | undefined): FailureParams {
  if (!json) return {};
  try {
    const value: unknown = JSON.parse(json);
    if (!value || typeof value !== "object" || Array.isArray(value)) return {};
    const out: FailureParams = {};
    for (const [k, v] of Object.entries(value)) {
      if (typeof v === "number" && Number.isFinite(v)) out[k] = v;
      else if (typeof v === "string" && /^[\w .-]{0,40}$/.test(v)) out[k] = v;
    }
    return out;
  } catch {
    return {};
  }
}

/** A Music API task's failure as record-info shows it (status and errorCode). It travels with the
 * failed outcome and is written by the transaction that ends the order and releases its hold, so no
 * reader sees the task failed while its credits are still held. */
export type MusicFailure = { status: string; errorCode: number };
