// YinziAI Open API v1 (shared/specs/yinzi-open-api-v1.md): create an order, query it until it
// finishes (the first query after it finishes charges the account), and the real-time short-video
// parse. Every answer is the envelope {code, data, msg}; errors may come as an HTTP status, as a
// non-zero `code`, or both, so both are read. The key travels only in `Authorization: Bearer`
// (never `?apiKey=`: query strings end up in proxy and access logs).
import "server-only";
import { env } from "@/lib/env";
import { redact } from "@/lib/relays/health";
import {
  type ConnectionTest,
  type TaskAdapter,
  type UpstreamCreds,
  UpstreamError,
  type UpstreamFile,
  type UpstreamTaskState,
} from "@/lib/relays/types";

export const YINZI_ORDER_TYPES = ["track-separation", "extract-voice", "extract-music", "extract-text"] as const;

const CALL_TIMEOUT_MS = 30_000;
const BALANCE_WORDS = /USER_BLANCE_NOT_ENOUGH|BALANCE_NOT_ENOUGH|insufficient balance|余额不足|餘額不足/i;

type Envelope = { code?: unknown; data?: unknown; msg?: unknown };

const text = (v: unknown) => (typeof v === "string" ? v : "");
const num = (v: unknown) => (typeof v === "number" && Number.isFinite(v) ? v : null);
const obj = (v: unknown) => (v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : {});

function retryAfter(res: Response): number | undefined {
  const h = res.headers.get("retry-after");
  if (!h) return undefined;
  const sec = Number(h);
  if (Number.isFinite(sec)) return Math.min(120_000, Math.max(0, sec * 1000));
  const at = Date.parse(h);
  return Number.isFinite(at) ? Math.min(120_000, Math.max(0, at - Date.now())) : undefined;
}

/** Sorts a failed answer into the kind the route acts on. */
function classify(httpStatus: number, code: number | null, msg: string, res: Response): UpstreamError {
  const status = code && code >= 400 ? code : httpStatus;
  if (BALANCE_WORDS.test(msg)) return new UpstreamError("insufficient_balance", msg || "insufficient balance", status);
  if (/order not found/i.test(msg)) return new UpstreamError("not_found", msg, status);
  if (status === 401 || status === 403 || httpStatus === 401 || httpStatus === 403)
    return new UpstreamError("auth", msg || "the API key was refused", status);
  if (status === 429 || status >= 500 || httpStatus >= 500)
    return new UpstreamError("unavailable", msg || `HTTP ${status}`, status, retryAfter(res));
  return new UpstreamError("bad_request", msg || `refused (HTTP ${status})`, status);
}

async function request(
  creds: UpstreamCreds,
  method: "GET" | "POST",
  pathAndQuery: string,
  body: unknown,
  signal: AbortSignal,
): Promise<Record<string, unknown>> {
  // A plain timer we clear (see lib/media/safe-fetch.ts on AbortSignal.timeout under Node 20).
  const ctl = new AbortController();
  const timer = setTimeout(() => ctl.abort(new Error("timeout")), CALL_TIMEOUT_MS);
  const onAbort = () => ctl.abort(signal.reason);
  signal.addEventListener("abort", onAbort, { once: true });
  let res: Response;
  let raw = "";
  try {
    res = await fetch(`${creds.baseUrl}${pathAndQuery}`, {
      method,
      headers: {
        authorization: `Bearer ${creds.apiKey}`,
        accept: "application/json",
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: ctl.signal,
      redirect: "error",
    });
    raw = await res.text();
  } catch (error) {
    if (signal.aborted) throw error;
    const why = ctl.signal.aborted ? `no answer within ${CALL_TIMEOUT_MS / 1000} s` : (error as Error).message;
    throw new UpstreamError("unavailable", redact(`YinziAI could not be reached: ${why}`, [creds.apiKey]));
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
  let envelope: Envelope = {};
  try {
    envelope = raw ? (JSON.parse(raw) as Envelope) : {};
  } catch {
    envelope = {};
  }
  const code = num(envelope.code) ?? (typeof envelope.code === "string" ? Number(envelope.code) || null : null);
  const msg = redact(text(envelope.msg).slice(0, 300), [creds.apiKey]);
  if (!res.ok || (code !== null && code !== 0)) throw classify(res.status, code, msg, res);
  if (code === null) throw new UpstreamError("unavailable", `unexpected answer (HTTP ${res.status})`, res.status);
  return obj(envelope.data);
}

const STATUS: Record<string, UpstreamTaskState["status"]> = {
  pending: "queued",
  processing: "running",
  finish: "succeeded",
  failed: "failed",
  timeout: "failed",
};

export function parseQuery(data: Record<string, unknown>): UpstreamTaskState {
  const raw = text(data.status) || "unknown";
  const status = STATUS[raw] ?? "running";
  const files: UpstreamFile[] = (Array.isArray(data.stuffs) ? data.stuffs : [])
    .map(obj)
    .filter((s) => text(s.url))
    .map((s) => ({ name: text(s.name) || "result", business: text(s.business) || "result", url: text(s.url) }));
  const reason = text(data.reason) || undefined;
  return {
    status,
    raw,
    files,
    cost: num(data.cost),
    balance: num(data.balance),
    ...(status === "failed"
      ? {
          reason: reason ?? (raw === "timeout" ? "The upstream timed out" : "The upstream could not process the file"),
          // Their own timeout is not the input's fault: the route may try the next step.
          failureKind: raw === "timeout" ? ("unavailable" as const) : ("bad_request" as const),
        }
      : {}),
  };
}

export function yinziAdapter(pollIntervalMs = env().RELAY_POLL_INTERVAL_MS): TaskAdapter {
  return {
    kind: "yinzi",
    orderTypes: YINZI_ORDER_TYPES,
    pollIntervalMs,
    async submit(creds, req, signal) {
      const data = await request(
        creds,
        "POST",
        "/api/open/v1/order/create",
        { orderType: req.orderType, stuff: { pathKey: req.inputUrl } },
        signal,
      );
      const taskId = text(data.orderNo);
      if (!taskId) throw new UpstreamError("unavailable", "YinziAI answered without an order number");
      return { taskId };
    },
    async poll(creds, taskId, signal) {
      const data = await request(
        creds,
        "GET",
        `/api/open/v1/order/query?orderNo=${encodeURIComponent(taskId)}`,
        undefined,
        signal,
      );
      return parseQuery(data);
    },
  };
}

export type ShortVideoAnalysis = {
  title: string;
  author: string;
  cover: string | null;
  videoUrl: string | null;
  musicUrl: string | null;
  balance: number | null;
};

/** The real-time short-video parse (charged at once by YinziAI). */
export async function analyze(creds: UpstreamCreds, link: string, signal: AbortSignal): Promise<ShortVideoAnalysis> {
  const data = await request(creds, "POST", "/api/open/v1/short-video/analyze", { link }, signal);
  const analysis = {
    title: text(data.title),
    author: text(data.author),
    cover: text(data.cover) || null,
    videoUrl: text(data.videoUrl) || null,
    musicUrl: text(data.musicUrl) || null,
    balance: num(data.balance),
  };
  if (!analysis.videoUrl && !analysis.musicUrl)
    throw new UpstreamError("bad_request", "YinziAI found no video in the link");
  return analysis;
}

/**
 * YinziAI has no balance endpoint: a query for an order number nobody has is a cheap
 * authenticated call. "Order not found" with a valid key = connected (balance unknown unless the
 * answer carries one); 401 = the key is refused.
 */
export const yinziConnectionTest: ConnectionTest = async (creds, signal) => {
  try {
    const data = await request(creds, "GET", "/api/open/v1/order/query?orderNo=MIXDESKCONNTEST000", undefined, signal);
    return { balance: num(data.balance) };
  } catch (error) {
    if (error instanceof UpstreamError && error.kind === "not_found") return { balance: null };
    throw error;
  }
};
