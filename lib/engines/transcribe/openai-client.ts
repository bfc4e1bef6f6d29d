// One request to an OpenAI-compatible `POST /v1/audio/transcriptions` (OpenAI, whisper.cpp's
// server, speaches/faster-whisper-server, LocalAI): multipart upload, `verbose_json` first and
// the other response formats when a server refuses it, retries on 429/5xx with retry-after.
// The configured URL goes through safe-fetch: the admin's own host is allowed even on a private
// address (a whisper.cpp next door), every redirect hop is still checked.
import "server-only";
import { randomBytes } from "node:crypto";
import { EngineUnavailableError, TransientEngineError } from "@/lib/engines/types";
import { allowListFromEnv, SafeFetchError, safeFetch } from "@/lib/media/safe-fetch";
import { parseSrt, parseVtt, type Segment } from "@/lib/transcripts/format";

export type OpenAIConfig = {
  baseUrl: string;
  apiKey: string | null;
  model: string;
  language: string | null;
  timeoutMs: number;
  maxAttempts: number;
};

export const RESPONSE_FORMATS = ["verbose_json", "srt", "vtt", "json", "text"] as const;
export type ResponseFormat = (typeof RESPONSE_FORMATS)[number];

export type PieceResult = { segments: Segment[]; language: string | null; format: ResponseFormat };

/** The server refused the piece as too large (HTTP 413): the caller cuts it smaller. */
export class PieceTooLargeError extends Error {}

// verbose_json names the language ("english"); transcript.json carries a code.
const LANGUAGE_CODES: Record<string, string> = {
  english: "en",
  chinese: "zh",
  mandarin: "zh",
  cantonese: "yue",
  japanese: "ja",
  korean: "ko",
  spanish: "es",
  french: "fr",
  german: "de",
  russian: "ru",
  portuguese: "pt",
  italian: "it",
};
export const languageCode = (v: unknown): string | null =>
  typeof v === "string" && v.trim() ? (LANGUAGE_CODES[v.trim().toLowerCase()] ?? v.trim().toLowerCase()) : null;

/** `<base>/audio/transcriptions`, whether the base ends in /v1 or not. */
export function transcriptionsUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  return /\/v\d+$/.test(base) ? `${base}/audio/transcriptions` : `${base}/v1/audio/transcriptions`;
}

function multipart(fields: [string, string][], file: { name: string; type: string; data: Buffer }) {
  const boundary = `----mixdesk${randomBytes(12).toString("hex")}`;
  const parts: Buffer[] = fields.map(([k, v]) =>
    Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`, "utf8"),
  );
  parts.push(
    Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: ${file.type}\r\n\r\n`,
    ),
    file.data,
    Buffer.from(`\r\n--${boundary}--\r\n`),
  );
  return { body: Buffer.concat(parts), contentType: `multipart/form-data; boundary=${boundary}` };
}

/** Seconds to wait from a Retry-After header (seconds or an HTTP date), capped at a minute. */
export function retryAfterMs(header: string | string[] | undefined, attempt: number): number {
  const v = Array.isArray(header) ? header[0] : header;
  const fallback = Math.min(1000 * 2 ** attempt, 30_000);
  if (!v) return fallback;
  const sec = Number(v);
  const ms = Number.isFinite(sec) ? sec * 1000 : Date.parse(v) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 60_000) : fallback;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const t = setTimeout(resolve, ms);
    signal.addEventListener(
      "abort",
      () => {
        clearTimeout(t);
        reject(signal.reason);
      },
      { once: true },
    );
  });

async function readBody(body: NodeJS.ReadableStream, max = 32 * 1024 * 1024): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > max) throw new SafeFetchError("too_large", "The transcription server's answer is too large");
    chunks.push(c);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** The server's own error message, from OpenAI's `{error: {message}}` or a plain body. */
function serverMessage(text: string): string {
  try {
    const j = JSON.parse(text) as { error?: { message?: string } | string; detail?: string; message?: string };
    const m = typeof j.error === "string" ? j.error : (j.error?.message ?? j.detail ?? j.message);
    if (m) return String(m).slice(0, 300);
  } catch {
    /* not JSON */
  }
  return text.trim().slice(0, 300);
}

/** Segments out of a 200 answer in the requested format; pieces without times span the whole piece. */
export function parseAnswer(format: ResponseFormat, text: string, pieceSec: number): PieceResult {
  if (format === "srt" || format === "vtt") {
    return { segments: format === "srt" ? parseSrt(text) : parseVtt(text), language: null, format };
  }
  if (format === "text") return { segments: [{ start: 0, end: pieceSec, text: text.trim() }], language: null, format };
  const j = JSON.parse(text) as {
    text?: string;
    language?: string;
    segments?: { start?: number; end?: number; text?: string }[];
  };
  const language = languageCode(j.language);
  if (format === "verbose_json" && Array.isArray(j.segments)) {
    const segments = j.segments
      .filter((s) => typeof s.start === "number" && typeof s.end === "number" && typeof s.text === "string")
      .map((s) => ({ start: s.start as number, end: s.end as number, text: s.text as string }));
    if (segments.length || !j.text?.trim()) return { segments, language, format };
  }
  // json (or a verbose_json without segments, as some servers send): text only.
  return { segments: j.text?.trim() ? [{ start: 0, end: pieceSec, text: j.text }] : [], language, format };
}

const configHint = "on the admin settings page (Transcription) or with TRANSCRIBE_BASE_URL / TRANSCRIBE_API_KEY";

/**
 * Transcribes one WAV piece. `formats` is the job's shared list of formats still worth trying:
 * a format the server refuses (400/415/422 naming it, or an unreadable answer) is dropped for
 * every later piece too.
 */
export async function transcribePiece(
  cfg: OpenAIConfig,
  wav: Buffer,
  pieceSec: number,
  formats: ResponseFormat[],
  signal: AbortSignal,
): Promise<PieceResult> {
  const url = transcriptionsUrl(cfg.baseUrl);
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  let attempt = 0;
  while (formats.length) {
    const format = formats[0];
    const fields: [string, string][] = [
      ["model", cfg.model],
      ["response_format", format],
      ...(cfg.language ? ([["language", cfg.language]] as [string, string][]) : []),
      ...(format === "verbose_json" ? ([["timestamp_granularities[]", "segment"]] as [string, string][]) : []),
    ];
    const { body, contentType } = multipart(fields, { name: "audio.wav", type: "audio/wav", data: wav });
    let status: number;
    let text: string;
    let retryAfter: string | string[] | undefined;
    try {
      const res = await safeFetch(url, {
        postBody: body,
        headers: {
          "content-type": contentType,
          accept: "application/json, text/plain, */*",
          ...(cfg.apiKey ? { authorization: `Bearer ${cfg.apiKey}` } : {}),
        },
        timeoutMs: cfg.timeoutMs,
        idleTimeoutMs: cfg.timeoutMs,
        connectTimeoutMs: Math.min(cfg.timeoutMs, 15_000),
        allowHosts: [...allowListFromEnv(), host],
        signal,
      });
      status = res.status;
      retryAfter = res.headers["retry-after"];
      text = await readBody(res.body);
    } catch (error) {
      if (signal.aborted) throw error;
      if (error instanceof SafeFetchError && !error.transient) {
        throw new EngineUnavailableError(`The transcription server ${url} cannot be reached: ${error.message}`);
      }
      if (++attempt >= cfg.maxAttempts) {
        throw new TransientEngineError(`The transcription server did not answer: ${(error as Error).message}`);
      }
      await sleep(retryAfterMs(undefined, attempt), signal);
      continue;
    }

    if (status >= 200 && status < 300) {
      try {
        return parseAnswer(format, text, pieceSec);
      } catch {
        formats.shift(); // an answer this format cannot be read from: ask for the next one
        continue;
      }
    }
    const message = serverMessage(text);
    if (status === 401 || status === 403) {
      throw new EngineUnavailableError(
        `The transcription server refused the API key (HTTP ${status}${message ? `: ${message}` : ""}); set the key ${configHint}`,
      );
    }
    if (status === 413) throw new PieceTooLargeError(message || "HTTP 413");
    if (status === 429 || status >= 500) {
      if (++attempt >= cfg.maxAttempts) {
        throw new TransientEngineError(
          `The transcription server is busy or failing (HTTP ${status}${message ? `: ${message}` : ""})`,
        );
      }
      await sleep(retryAfterMs(retryAfter, attempt), signal);
      continue;
    }
    if ((status === 400 || status === 415 || status === 422) && formats.length > 1 && /format/i.test(message)) {
      formats.shift();
      continue;
    }
    if (status === 404) {
      throw new EngineUnavailableError(
        `The transcription server has no ${url} (HTTP 404${message ? `: ${message}` : ""}); check the base URL ${configHint}`,
      );
    }
    throw new EngineUnavailableError(
      `The transcription server refused the request (HTTP ${status}${message ? `: ${message}` : ""}); check the model and language ${configHint}`,
    );
  }
  throw new EngineUnavailableError(
    `The transcription server answered in no format Mixdesk reads (${RESPONSE_FORMATS.join(", ")})`,
  );
}
