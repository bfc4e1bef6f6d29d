// An OpenAI-compatible transcription server as an extract-text route step ("upstream:<id>" of kind
// openai-transcribe): the existing engine (lib/engines/transcribe/openai.ts: cut at pauses, upload
// limits, format fallbacks) built with that upstream's base URL, key and model instead of the
// admin's Transcription settings; the language, limits and timeouts still come from those. Its
// failures are sorted for the route: a refused key is `auth`, anything else the server or its
// configuration does wrong is `unavailable` (the next step takes over). None of them is the
// user's fault: the server is sent WAV pieces Mixdesk cut itself.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { writeTranscriptFiles } from "@/lib/engines/transcribe/chain";
import { openaiEngine } from "@/lib/engines/transcribe/openai";
import { transcriptionsUrl } from "@/lib/engines/transcribe/openai-client";
import { isSkip } from "@/lib/engines/transcribe/types";
import { type Engine, EngineUnavailableError, TransientEngineError } from "@/lib/engines/types";
import { probe } from "@/lib/media/ffmpeg";
import { allowListFromEnv, safeFetch } from "@/lib/media/safe-fetch";
import { recordCall, redact } from "@/lib/relays/health";
import { type ConnectionTest, type UpstreamCreds, UpstreamError } from "@/lib/relays/types";
import { credsOf, relayEngineName, type UpstreamRow } from "@/lib/relays/upstreams";
import { type TranscribeConfig, transcribeConfig } from "@/lib/transcripts/settings";

/** Used when the upstream row names no model. */
export const DEFAULT_MODEL = "whisper-1";

/** `<base>/models`, whether the base ends in /v1 or not (like transcriptionsUrl). */
export function modelsUrl(baseUrl: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  return /\/v\d+$/.test(base) ? `${base}/models` : `${base}/v1/models`;
}

function asUpstreamError(error: unknown, key: string): unknown {
  if (error instanceof UpstreamError) return error;
  if (error instanceof EngineUnavailableError) {
    const message = redact(error.message, [key]);
    return /refused the API key/.test(error.message)
      ? new UpstreamError("auth", message)
      : new UpstreamError("unavailable", message);
  }
  if (error instanceof TransientEngineError) return new UpstreamError("unavailable", redact(error.message, [key]));
  return error;
}

/**
 * The step engine (relaycore's STEP_ENGINES["openai-transcribe"] shape: upstream, order, worker).
 * `load` is the admin's Transcription settings (language, upload limit, concurrency, timeouts).
 */
export function openaiTranscribeEngine(
  upstream: UpstreamRow,
  _order?: unknown,
  _workerId?: string,
  load: () => Promise<TranscribeConfig> = transcribeConfig,
): Engine {
  return {
    name: relayEngineName(upstream),
    async run(ctx) {
      const cfg = await load();
      const creds = credsOf(upstream);
      const { demuxer } = await probe(ctx.inputPath, { signal: ctx.signal });
      const workDir = await fs.promises.mkdtemp(path.join(ctx.outDir, ".work-"));
      const started = Date.now();
      try {
        const engine = openaiEngine(
          {
            baseUrl: creds.baseUrl,
            apiKey: creds.apiKey,
            model: creds.model || DEFAULT_MODEL,
            language: cfg.language,
            timeoutMs: cfg.timeoutMs,
            maxAttempts: cfg.maxAttempts,
            maxUploadBytes: cfg.maxUploadBytes,
            concurrency: cfg.concurrency,
          },
          "",
        );
        const result = await engine.transcribe({
          inputPath: ctx.inputPath,
          demuxer,
          durationSec: ctx.durationSec,
          workDir,
          signal: ctx.signal,
          onProgress: (f, stage) => ctx.onProgress(Math.min(0.95, f), stage),
        });
        await recordCall(upstream.id, "transcribe", true, 200, Date.now() - started);
        // Silence for this server may still be speech for the next step (or embedded subtitles).
        if (isSkip(result) || result.segments.length === 0)
          throw new UpstreamError("unavailable", "The transcription server heard no speech");
        return await writeTranscriptFiles(ctx.outDir, result, ctx.durationSec);
      } catch (error) {
        if (ctx.signal.aborted) throw error;
        const e = asUpstreamError(error, creds.apiKey);
        if (e instanceof UpstreamError && !/heard no speech/.test(e.message))
          await recordCall(upstream.id, "transcribe", false, e.httpStatus, Date.now() - started, e.message, [
            creds.apiKey,
          ]);
        throw e;
      } finally {
        await fs.promises.rm(workDir, { recursive: true, force: true });
      }
    },
  };
}

async function readAll(body: NodeJS.ReadableStream, max: number): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of body as AsyncIterable<Buffer>) {
    size += c.length;
    if (size > max) break;
    chunks.push(c);
  }
  (body as NodeJS.ReadableStream & { destroy(): void }).destroy();
  return Buffer.concat(chunks).toString("utf8");
}

/**
 * Servers without a model list (whisper.cpp's server, some gateways): an upload with no file must
 * be refused as a bad request (400/415/422): that proves the endpoint exists and the key passed,
 * without sending audio. 401/403 is the key; 404 a wrong base URL.
 */
async function probeTranscriptions(creds: UpstreamCreds, signal: AbortSignal) {
  const url = transcriptionsUrl(creds.baseUrl);
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const boundary = `----mixdeskprobe${Date.now()}`;
  let status: number;
  try {
    const res = await safeFetch(url, {
      postBody: `--${boundary}\r\nContent-Disposition: form-data; name="model"\r\n\r\n${creds.model || DEFAULT_MODEL}\r\n--${boundary}--\r\n`,
      headers: {
        authorization: `Bearer ${creds.apiKey}`,
        "content-type": `multipart/form-data; boundary=${boundary}`,
        accept: "application/json",
      },
      timeoutMs: 15_000,
      idleTimeoutMs: 15_000,
      connectTimeoutMs: 10_000,
      allowHosts: [...allowListFromEnv(), host],
      signal,
    });
    status = res.status;
    await readAll(res.body, 64 * 1024);
  } catch (error) {
    if (signal.aborted) throw error;
    throw new UpstreamError(
      "unavailable",
      `The transcription server did not answer: ${redact((error as Error).message, [creds.apiKey])}`,
    );
  }
  if (status === 401 || status === 403)
    throw new UpstreamError("auth", `The transcription server refused the key (HTTP ${status})`, status);
  if (status === 400 || status === 415 || status === 422) return;
  if (status === 404)
    throw new UpstreamError(
      "unavailable",
      `The server has neither ${modelsUrl(creds.baseUrl)} nor ${url} (HTTP 404); check the base URL`,
      status,
    );
  throw new UpstreamError("unavailable", `The transcription server answered HTTP ${status}`, status);
}

/**
 * "Test connection": `GET /v1/models` with the key (a server without a model list is asked for an
 * empty transcription instead). The server has no balance (null). When the
 * upstream names a model the server does not list, that is said (a typo would fail every order).
 */
export const openaiConnectionTest: ConnectionTest = async (creds: UpstreamCreds, signal: AbortSignal) => {
  const url = modelsUrl(creds.baseUrl);
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  let status: number;
  let text = "";
  try {
    const res = await safeFetch(url, {
      headers: { authorization: `Bearer ${creds.apiKey}`, accept: "application/json" },
      timeoutMs: 15_000,
      idleTimeoutMs: 15_000,
      connectTimeoutMs: 10_000,
      maxRedirects: 0,
      maxBytes: 1024 * 1024,
      allowHosts: [...allowListFromEnv(), host],
      signal,
    });
    status = res.status;
    text = await readAll(res.body, 1024 * 1024);
  } catch (error) {
    if (signal.aborted) throw error;
    throw new UpstreamError(
      "unavailable",
      `The transcription server did not answer: ${redact((error as Error).message, [creds.apiKey])}`,
    );
  }
  if (status === 401 || status === 403)
    throw new UpstreamError("auth", `The transcription server refused the key (HTTP ${status})`, status);
  if (status === 404) {
    await probeTranscriptions(creds, signal);
    return { balance: null };
  }
  if (status < 200 || status >= 300)
    throw new UpstreamError("unavailable", `The transcription server answered HTTP ${status}`, status);
  if (creds.model) {
    let ids: string[] | null = null;
    try {
      const j = JSON.parse(text) as { data?: { id?: unknown }[] };
      if (Array.isArray(j.data)) ids = j.data.map((m) => String(m.id ?? ""));
    } catch {
      ids = null; // a server that lists nothing readable: the key worked, that is enough
    }
    if (ids && ids.length > 0 && !ids.includes(creds.model))
      throw new UpstreamError(
        "bad_request",
        `The server does not offer the model ${creds.model} (it lists ${ids.slice(0, 8).join(", ")})`,
        status,
      );
  }
  return { balance: null };
};
