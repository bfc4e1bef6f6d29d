// Each API dialect's envelope: how a success is wrapped and how every error becomes that dialect's
// answer, in one place per dialect (DESIGN.md §1). createRoute (route.ts) picks one per route.
import { randomUUID } from "node:crypto";
import { ZodError } from "zod";
import { AppError, isPrismaNotFound } from "@/lib/errors";
import type { MusicCode } from "@/lib/contracts/music";
import { BALANCE_NOT_ENOUGH } from "@/lib/contracts/orders";
import { Reply, type RequestHead } from "@/lib/http/reply";
import { MusicError } from "@/lib/music/errors";

export type DialectName = "problem" | "open" | "draft" | "music";

/** Answers are Replies (reply.ts): createRoute makes a Response of them only for Next.js. */
export type Dialect = {
  ok(data: unknown, status: number): Reply;
  error(error: unknown, requestId: string): Reply;
};

const NO_STORE = { "cache-control": "no-store" };
const PRIVATE_NO_STORE = { "cache-control": "private, no-store" };

function logUnexpected(dialect: string, requestId: string, error: unknown) {
  console.error(`[${dialect}] request ${requestId}: unexpected error`, error);
}

function logServerSide(dialect: string, requestId: string, error: AppError) {
  if (error.status >= 500) console.error(`[${dialect}] request ${requestId}: ${error.message}`, error.cause ?? "");
}

/** A 503 says when to try again (RFC 9110 §10.2.3): the bucket is usually back within a minute. */
function retryable(error: AppError, reply: Reply): Reply {
  if (error.kind === "storage_unavailable") reply.headers["retry-after"] = "30";
  return reply;
}

// --- problem+json: our own browser-facing routes (RFC 9457) ---

export type Problem = {
  type: string;
  title: string;
  status: number;
  /** English, for logs and API readers; the browser shows `code` translated (errors.codes.<code>). */
  detail: string;
  /** An AppError's code (its kind unless it names a finer one), with its safe `params`. */
  code: string;
  params?: Record<string, number | string>;
  requestId?: string;
  fields?: Record<string, string>;
};

const CODE_OF_STATUS: Record<number, string> = {
  400: "bad_request",
  401: "unauthorized",
  402: "insufficient_credits",
  403: "forbidden",
  404: "not_found",
  409: "conflict",
  410: "gone",
  413: "payload_too_large",
  415: "unsupported_media_type",
  429: "rate_limited",
  502: "upstream_failed",
  503: "storage_unavailable",
};

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  402: "Not enough credits",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  410: "Gone",
  413: "Payload too large",
  415: "Unsupported media type",
  429: "Too many requests",
  500: "Internal server error",
  502: "Bad gateway",
  503: "Service unavailable",
};

export function problem(
  status: number,
  detail: string,
  fields?: Record<string, string>,
  requestId?: string,
  extensions?: Record<string, unknown>,
  code: { code: string; params?: Record<string, number | string> } = { code: CODE_OF_STATUS[status] ?? "internal" },
): Reply {
  const body: Problem = {
    ...extensions,
    type: "about:blank",
    title: TITLES[status] ?? "Error",
    status,
    detail,
    code: code.code,
    ...(code.params ? { params: code.params } : {}),
    ...(requestId ? { requestId } : {}),
    ...(fields ? { fields } : {}),
  };
  return new Reply(status, { "content-type": "application/problem+json", ...PRIVATE_NO_STORE }, JSON.stringify(body));
}

/** Field messages from a zod error: the first problem of each field. */
export function zodFields(error: ZodError): Record<string, string> {
  const fields: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join(".") : "_";
    fields[key] ??= issue.message;
  }
  return fields;
}

const problemDialect: Dialect = {
  ok: (data, status) => Reply.json(data, status, PRIVATE_NO_STORE),
  error(error, requestId) {
    if (error instanceof AppError) {
      logServerSide("api", requestId, error);
      return retryable(
        error,
        problem(error.status, error.message, error.fields, requestId, error.extensions, {
          code: error.messageCode,
          params: error.params,
        }),
      );
    }
    if (error instanceof ZodError) {
      const fields = zodFields(error);
      const detail = Object.entries(fields)
        .map(([k, v]) => (k === "_" ? v : `${k}: ${v}`))
        .join("; ");
      return problem(400, detail, fields, requestId);
    }
    if (isPrismaNotFound(error)) return problem(404, "Not found", undefined, requestId);
    logUnexpected("api", requestId, error);
    return problem(500, "Something went wrong on our side. Please try again.", undefined, requestId);
  },
};

// --- Open API v1 (YinziAI): {code, data, msg}, the spec's messages ---

export function openEnvelope(status: number, code: number, data: unknown, msg: string): Reply {
  return Reply.json({ code, data, msg }, status, NO_STORE);
}

const openDialect: Dialect = {
  ok: (data) => openEnvelope(200, 0, data, "success"),
  error(error, requestId) {
    if (error instanceof AppError) {
      logServerSide("open-api", requestId, error);
      switch (error.kind) {
        case "insufficient_credits":
          return openEnvelope(400, 400, null, BALANCE_NOT_ENOUGH);
        case "unauthorized":
          return openEnvelope(401, 401, null, error.message);
        case "payload_too_large":
          return openEnvelope(413, 413, null, error.message);
        case "rate_limited":
          return openEnvelope(429, 429, null, error.message);
        case "storage_unavailable":
          return retryable(error, openEnvelope(503, 503, null, error.message));
      }
      // The spec knows 400 and 500 only: anything not the caller's fault is a 500.
      const status = error.status >= 500 ? 500 : 400;
      return openEnvelope(status, status, null, error.message);
    }
    if (error instanceof ZodError) return openEnvelope(400, 400, null, error.issues[0]?.message ?? "Bad request");
    if (isPrismaNotFound(error)) return openEnvelope(400, 400, null, "Not found");
    logUnexpected("open-api", requestId, error);
    return openEnvelope(500, 500, null, "Internal server error");
  },
};

// --- JianYing draft API: the documented JSON, errors as {"detail": "<中文消息>"} ---

export const detail = (status: number, message: string) => Reply.json({ detail: message }, status, NO_STORE);

const DRAFT_INTERNAL = "音频处理失败";

const draftDialect: Dialect = {
  ok: (data, status) => Reply.json(data, status, NO_STORE),
  error(error, requestId) {
    if (error instanceof AppError) {
      logServerSide("draft-api", requestId, error);
      if (error.kind === "payload_too_large") return detail(413, "请求体过大");
      if (error.kind === "storage_unavailable") return retryable(error, detail(503, "文件存储暂时不可用，请稍后重试"));
      return detail(error.status, error.message);
    }
    if (error instanceof ZodError) return detail(400, error.issues[0]?.message ?? "请求参数无效");
    if (isPrismaNotFound(error)) return detail(404, "草稿不存在");
    logUnexpected("draft-api", requestId, error);
    return detail(500, DRAFT_INTERNAL);
  },
};

// --- Music API (Suno-style): always HTTP 200, {code, msg, data} with sunoapi.org's code table ---
// (what sunoapi.org does, research/suno-extend.md §9).

export function musicEnvelope(code: MusicCode, msg: string, data: unknown = null): Reply {
  return Reply.json({ code, msg, data }, 200, NO_STORE);
}

export const MUSIC_PATH_NOT_FOUND = "Not found: wrong request method or path";
/** Methods and paths the Music API does not serve answer the document's code 404. */
export const musicNotFound = async (req: Request) => {
  const reply = musicEnvelope(404, MUSIC_PATH_NOT_FOUND);
  reply.headers["x-request-id"] = requestIdOf(req);
  return reply.toResponse();
};

const musicDialect: Dialect = {
  ok: (data) => musicEnvelope(200, "success", data),
  error(error, requestId) {
    if (error instanceof MusicError) return musicEnvelope(error.code, error.message);
    if (error instanceof AppError) {
      logServerSide("music-api", requestId, error);
      switch (error.kind) {
        case "insufficient_credits":
          return musicEnvelope(429, error.message);
        case "unauthorized":
          return musicEnvelope(401, error.message);
        case "not_found":
          return musicEnvelope(404, error.message);
        case "rate_limited":
          return musicEnvelope(430, error.message);
        case "payload_too_large":
          return musicEnvelope(413, error.message);
        case "storage_unavailable":
          // The Music API answers HTTP 200 with sunoapi.org's code table, which has no 503: its
          // "server error" code with a message that says what is down and that a retry is fine.
          return retryable(error, musicEnvelope(500, error.message));
      }
      return musicEnvelope(error.status >= 500 ? 500 : 400, error.message);
    }
    if (error instanceof ZodError) return musicEnvelope(400, error.issues[0]?.message ?? "Bad request");
    if (isPrismaNotFound(error)) return musicEnvelope(404, "Not found");
    logUnexpected("music-api", requestId, error);
    return musicEnvelope(500, "Internal server error");
  },
};

const REQUEST_ID = /^[A-Za-z0-9._:-]{8,128}$/;

/** The caller's id when it is a sane one (a proxy's), else a new one. */
export function requestIdOf(req: RequestHead): string {
  const given = req.headers.get("x-request-id");
  return given && REQUEST_ID.test(given) ? given : randomUUID();
}

export const DIALECTS: Record<DialectName, Dialect> = {
  problem: problemDialect,
  open: openDialect,
  draft: draftDialect,
  music: musicDialect,
};
