// A Suno-style upstream (sunoapi.org, kie.ai, api.box: the same document lineage) for Music API
// upload-extend: submit `POST /api/v1/generate/upload-extend` with our own callBackUrl, poll
// `GET /api/v1/generate/record-info?taskId=`, read `GET /api/v1/generate/credit` as the connection
// test. The business result is the body's `code`, not the HTTP status; sunoapi.org and kie.ai use
// different code tables (429 = no credits on one, rate limited on the other), so the message
// decides where they disagree. Status mapping: /work/shared/research/suno-extend.md §7.
import "server-only";
import { env } from "@/lib/env";
import { allowListFromEnv, SafeFetchError, safeFetch } from "@/lib/media/safe-fetch";
import {
  type ConnectionTest,
  type TaskAdapter,
  type UpstreamCreds,
  UpstreamError,
  type UpstreamFile,
  type UpstreamTaskState,
} from "@/lib/relays/types";

const SUBMIT_TIMEOUT_MS = 30_000;
const QUERY_TIMEOUT_MS = 15_000;
const MAX_ANSWER_BYTES = 2 * 1024 * 1024;

/** `<base>/api/v1/<rest>`, whether the admin entered the host alone or the host with /api/v1. */
export function sunoUrl(baseUrl: string, rest: string): string {
  const base = baseUrl.replace(/\/+$/, "");
  return /\/api\/v1$/.test(base) ? `${base}/${rest}` : `${base}/api/v1/${rest}`;
}

/** Never let the key travel on in an upstream's message (some echo the Authorization header). */
const redact = (text: string, key: string) => (key.length >= 4 ? text.split(key).join("[key]") : text);

type Envelope = { code?: unknown; msg?: unknown; data?: unknown };

async function callUpstream(
  creds: UpstreamCreds,
  rest: string,
  signal: AbortSignal,
  body?: unknown,
): Promise<{ status: number; envelope: Envelope; retryAfterMs?: number }> {
  const url = sunoUrl(creds.baseUrl, rest);
  const host = new URL(url).hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const timeoutMs = body === undefined ? QUERY_TIMEOUT_MS : SUBMIT_TIMEOUT_MS;
  let status: number;
  let text = "";
  let retryAfter: string | string[] | undefined;
  try {
    const res = await safeFetch(url, {
      headers: {
        authorization: `Bearer ${creds.apiKey}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      postBody: body === undefined ? undefined : JSON.stringify(body),
      timeoutMs,
      idleTimeoutMs: timeoutMs,
      connectTimeoutMs: Math.min(timeoutMs, 10_000),
      maxRedirects: 0,
      // The admin chose this host (possibly a relay on the private network); nothing else is allowed.
      allowHosts: [...allowListFromEnv(), host],
      signal,
    });
    status = res.status;
    retryAfter = res.headers["retry-after"];
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of res.body as AsyncIterable<Buffer>) {
      size += c.length;
      if (size > MAX_ANSWER_BYTES) {
        res.body.destroy();
        throw new SafeFetchError("too_large", "the answer is too large");
      }
      chunks.push(c);
    }
    text = Buffer.concat(chunks).toString("utf8");
  } catch (error) {
    if (signal.aborted) throw error;
    const why = error instanceof Error ? error.message : String(error);
    throw new UpstreamError("unavailable", `The Suno-style upstream did not answer: ${redact(why, creds.apiKey)}`);
  }
  const retryAfterMs = parseRetryAfter(retryAfter);
  let envelope: Envelope = {};
  try {
    const parsed = JSON.parse(text) as unknown;
    if (parsed && typeof parsed === "object") envelope = parsed as Envelope;
  } catch {
    envelope = {};
  }
  // The HTTP status only matters when the body carries no business code.
  if (typeof envelope.code !== "number") {
    const snippet = redact(text.trim().slice(0, 200), creds.apiKey);
    if (status === 401 || status === 403)
      throw new UpstreamError("auth", `The upstream refused the key (HTTP ${status})`, status);
    if (status >= 200 && status < 300)
      throw new UpstreamError("unavailable", `The upstream's answer is not a Suno-style envelope: ${snippet}`, status);
    throw new UpstreamError(
      "unavailable",
      `The upstream answered HTTP ${status}${snippet ? `: ${snippet}` : ""}`,
      status,
      retryAfterMs,
    );
  }
  return { status, envelope, retryAfterMs };
}

function parseRetryAfter(header: string | string[] | undefined): number | undefined {
  const v = Array.isArray(header) ? header[0] : header;
  if (!v) return undefined;
  const sec = Number(v);
  const ms = Number.isFinite(sec) ? sec * 1000 : Date.parse(v) - Date.now();
  return Number.isFinite(ms) ? Math.min(Math.max(ms, 0), 120_000) : undefined;
}

const messageOf = (e: Envelope, key: string) =>
  redact(typeof e.msg === "string" && e.msg.trim() ? e.msg.trim().slice(0, 300) : "no message", key);

/** Sorts a business code other than 200 into what the route does next. */
export function errorForCode(code: number, msg: string, httpStatus: number, retryAfterMs?: number): UpstreamError {
  const credits = /credit|balance|insufficient|余额|积分/i.test(msg);
  const throttled = /rate|frequen|too many|limit|频率/i.test(msg);
  const said = `upstream code ${code}: ${msg}`;
  switch (code) {
    case 401:
    case 403:
      return new UpstreamError("auth", `The upstream refused the key (${said})`, httpStatus);
    case 402:
      return new UpstreamError("insufficient_balance", `The upstream account is out of credits (${said})`, httpStatus);
    case 429:
      // sunoapi.org: insufficient credits; kie.ai: rate limited (it uses 402 for credits).
      if (throttled && !credits)
        return new UpstreamError("unavailable", `The upstream is throttling (${said})`, httpStatus, retryAfterMs);
      return new UpstreamError("insufficient_balance", `The upstream account is out of credits (${said})`, httpStatus);
    case 400:
    case 409:
    case 413:
    case 422:
      return new UpstreamError("bad_request", msg, httpStatus);
    case 451:
      return new UpstreamError("bad_request", `The upstream could not fetch the audio: ${msg}`, httpStatus);
    case 404:
      return /task|record|not\s*(found|exist)/i.test(msg)
        ? new UpstreamError("not_found", `The upstream does not know this task (${said})`, httpStatus)
        : new UpstreamError(
            "unavailable",
            `The upstream has no such endpoint; check the base URL (${said})`,
            httpStatus,
          );
    default:
      // 405/430 rate limits, 408 no result, 455 maintenance, 5xx, 501/505 generation failed or disabled.
      return new UpstreamError("unavailable", `The upstream failed (${said})`, httpStatus, retryAfterMs);
  }
}

const str = (v: unknown): string | undefined => (typeof v === "string" && v.trim() ? v.trim() : undefined);
const num = (v: unknown): number | undefined => {
  const n = typeof v === "string" ? Number(v) : v;
  return typeof n === "number" && Number.isFinite(n) ? n : undefined;
};

function extOf(url: string, fallback: string): string {
  try {
    const m = /\.([a-z0-9]{2,5})$/i.exec(new URL(url).pathname);
    return m ? `.${m[1].toLowerCase()}` : fallback;
  } catch {
    return fallback;
  }
}

/** One sunoData (record-info, camelCase) or callback item (snake_case) → its audio and cover files. */
function itemFiles(raw: unknown, index: number): UpstreamFile[] {
  if (!raw || typeof raw !== "object") return [];
  const it = raw as Record<string, unknown>;
  const audio = str(it.audioUrl) ?? str(it.audio_url) ?? str(it.sourceAudioUrl) ?? str(it.source_audio_url);
  if (!audio) return [];
  const id =
    (str(it.id) ?? `variant-${index + 1}`).replace(/[^A-Za-z0-9_-]/g, "").slice(0, 64) || `variant-${index + 1}`;
  const variant = { id, title: str(it.title), duration: num(it.duration) };
  const files: UpstreamFile[] = [{ name: `${id}${extOf(audio, ".mp3")}`, business: "audio", url: audio, variant }];
  const image = str(it.imageUrl) ?? str(it.image_url) ?? str(it.sourceImageUrl) ?? str(it.source_image_url);
  if (image) files.push({ name: `${id}${extOf(image, ".jpg")}`, business: "cover", url: image, variant });
  return files;
}

const FAILED = new Set(["CREATE_TASK_FAILED", "GENERATE_AUDIO_FAILED", "SENSITIVE_WORD_ERROR"]);
const PROGRESS: Record<string, number> = { PENDING: 0.05, TEXT_SUCCESS: 0.3, FIRST_SUCCESS: 0.6 };

/** A record-info status word and its tracks → our task state (suno-extend.md §7). */
export function mapStatus(raw: string, items: unknown[], reason?: string): UpstreamTaskState {
  const files = items.flatMap((it, i) => itemFiles(it, i));
  const status = raw.toUpperCase();
  if (status === "SUCCESS") {
    if (files.length) return { status: "succeeded", raw, progress: 1, files };
    return { status: "failed", raw, reason: reason ?? "The upstream finished without any audio", files: [] };
  }
  // Undefined by the docs: the task itself may well have finished, only the upstream's callback failed.
  if (status === "CALLBACK_EXCEPTION") {
    return files.length
      ? { status: "succeeded", raw, progress: 1, files }
      : { status: "failed", raw, reason: reason ?? "The upstream failed while finishing the task", files: [] };
  }
  if (FAILED.has(status) || /FAIL|ERROR|EXCEPTION/.test(status)) {
    return {
      status: "failed",
      raw,
      reason: reason ?? `The upstream failed the task (${raw})`,
      // The input's fault (banned words, an unusable upload) fails the order; the upstream's own
      // breakdown sends it along the route instead.
      failureKind: status === "SENSITIVE_WORD_ERROR" || status === "CREATE_TASK_FAILED" ? "bad_request" : "unavailable",
      files: [],
    };
  }
  if (status === "PENDING") return { status: "queued", raw, progress: PROGRESS.PENDING, files: [] };
  return { status: "running", raw, progress: PROGRESS[status], files };
}

/** The Music API body as our users send it → the upstream's body (same dialect, our callback). */
export function submitBody(req: { inputUrl: string; params?: Record<string, unknown>; callbackUrl?: string }) {
  const p = req.params ?? {};
  const pick = (k: string) => (p[k] === undefined || p[k] === null ? {} : { [k]: p[k] });
  return {
    uploadUrl: req.inputUrl,
    defaultParamFlag: p.defaultParamFlag === true,
    model: p.model,
    // Required by both vendors' schemas; an adapter without one still gets polled.
    callBackUrl: req.callbackUrl,
    ...pick("instrumental"),
    ...pick("prompt"),
    ...pick("style"),
    ...pick("title"),
    ...pick("continueAt"),
    ...pick("negativeTags"),
    ...pick("vocalGender"),
    ...pick("styleWeight"),
    ...pick("weirdnessConstraint"),
    ...pick("audioWeight"),
    ...pick("personaId"),
    ...pick("personaModel"),
  };
}

export const sunoAdapter: TaskAdapter = {
  kind: "suno",
  orderTypes: ["upload-extend"],
  // The docs allow 3 record-info queries a second; callbacks do the real work, polling is the fallback.
  get pollIntervalMs() {
    return env().RELAY_SUNO_POLL_INTERVAL_MS;
  },

  async submit(creds, req, signal) {
    const { status, envelope, retryAfterMs } = await callUpstream(
      creds,
      "generate/upload-extend",
      signal,
      submitBody(req),
    );
    const msg = messageOf(envelope, creds.apiKey);
    if (envelope.code !== 200) throw errorForCode(envelope.code as number, msg, status, retryAfterMs);
    const taskId = str((envelope.data as { taskId?: unknown } | null)?.taskId);
    if (!taskId) throw new UpstreamError("unavailable", "The upstream accepted the task but named no taskId", status);
    return { taskId };
  },

  async poll(creds, taskId, signal) {
    const { status, envelope, retryAfterMs } = await callUpstream(
      creds,
      `generate/record-info?taskId=${encodeURIComponent(taskId)}`,
      signal,
    );
    const msg = messageOf(envelope, creds.apiKey);
    if (envelope.code !== 200) {
      const e = errorForCode(envelope.code as number, msg, status, retryAfterMs);
      // A query cannot be a bad request of ours: an unknown id is what a 400 means here.
      if (e.kind === "bad_request") throw new UpstreamError("not_found", e.message, status);
      throw e;
    }
    const data = envelope.data as Record<string, unknown> | null | undefined;
    if (!data || typeof data !== "object")
      throw new UpstreamError("not_found", "The upstream has no record of this task");
    const raw = str(data.status) ?? "PENDING";
    const response = data.response as { sunoData?: unknown } | null | undefined;
    const items = Array.isArray(response?.sunoData) ? response.sunoData : [];
    const reason = str(data.errorMessage) ? redact(str(data.errorMessage) as string, creds.apiKey) : undefined;
    return mapStatus(raw, items, reason);
  },

  parseCallback(body) {
    return parseSunoCallback(body);
  },
};

const CALLBACK_STAGE: Record<string, string> = { text: "TEXT_SUCCESS", first: "FIRST_SUCCESS", complete: "SUCCESS" };

/**
 * A callback body (`{code, msg, data: {callbackType, task_id, data: [...]}}`, snake_case items)
 * → the task state it announces; null when it names no task. Callback codes other than 200
 * (copyright match, generation failed, refunded) are failures with the upstream's message.
 */
export function parseSunoCallback(body: unknown): { taskId: string; state: UpstreamTaskState } | null {
  if (!body || typeof body !== "object") return null;
  const b = body as Envelope;
  const data = b.data as Record<string, unknown> | null | undefined;
  if (!data || typeof data !== "object") return null;
  const taskId = str(data.task_id) ?? str(data.taskId);
  if (!taskId || taskId.length > 128) return null;
  const items = Array.isArray(data.data) ? data.data : [];
  const type = (str(data.callbackType) ?? "").toLowerCase();
  const code = num(b.code);
  const msg = typeof b.msg === "string" && b.msg.trim() ? b.msg.trim().slice(0, 300) : undefined;
  if ((code !== undefined && code !== 200) || type === "error") {
    return {
      taskId,
      state: {
        status: "failed",
        raw: code === undefined ? "CALLBACK_ERROR" : `CALLBACK_${code}`,
        reason: msg ?? "The upstream reported a failure",
        // 400 copyrighted lyrics, 413 the upload matches a known work: the input's fault. 408
        // timeouts, 500/501 generation failures, 531 refunded: the upstream's.
        failureKind: code === 400 || code === 413 ? "bad_request" : "unavailable",
        files: [],
      },
    };
  }
  const raw = CALLBACK_STAGE[type];
  if (!raw) return null;
  return { taskId, state: mapStatus(raw, items, msg === "success" ? undefined : msg) };
}

/** "Test connection": the credit endpoint; `data` is the remaining balance (an integer). */
export const sunoConnectionTest: ConnectionTest = async (creds, signal) => {
  const { status, envelope, retryAfterMs } = await callUpstream(creds, "generate/credit", signal);
  if (envelope.code !== 200)
    throw errorForCode(envelope.code as number, messageOf(envelope, creds.apiKey), status, retryAfterMs);
  const balance = num(envelope.data);
  return { balance: balance ?? null };
};
