// Typed errors thrown by services. Route wrappers map them to each dialect's envelope in one place.
export type ErrorKind =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "gone"
  | "rate_limited"
  | "insufficient_credits"
  | "payload_too_large"
  | "unsupported_media_type"
  | "upstream_failed"
  | "storage_unavailable"
  | "internal";

const STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  rate_limited: 429,
  insufficient_credits: 402,
  payload_too_large: 413,
  unsupported_media_type: 415,
  /** A third party (a video platform, an upstream service) failed: not the caller's fault. */
  upstream_failed: 502,
  /** The file store (the S3 bucket) cannot be reached: nothing was recorded, the same request can be sent again. */
  storage_unavailable: 503,
  internal: 500,
};

/** Parameters of an error code's message: numbers and short words only (never a URL, path or host). */
export type ErrorParams = Record<string, number | string>;

export class AppError extends Error {
  readonly status: number;
  /** Extra members of the problem+json body (RFC 9457 extensions), e.g. a conflict's current version. */
  readonly extensions?: Record<string, unknown>;
  /** What the browser translates (the problem body's `code`, messages errors.codes.<code>); the kind
   * when no finer code is given. (Not `code`: MusicError's is the Music API's number.) */
  readonly messageCode: string;
  readonly params?: ErrorParams;
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** Field-level problems for forms: `{ email: "Already registered" }`. */
    readonly fields?: Record<string, string>,
    options?: { cause?: unknown; extensions?: Record<string, unknown>; code?: string; params?: ErrorParams },
  ) {
    super(message, options);
    this.name = "AppError";
    this.status = STATUS[kind];
    this.extensions = options?.extensions;
    this.messageCode = options?.code ?? kind;
    this.params = options?.params;
  }
}

export const badRequest = (message: string, fields?: Record<string, string>) =>
  new AppError("bad_request", message, fields);
export const notFound = (message: string) => new AppError("not_found", message);
export const forbidden = (message: string) => new AppError("forbidden", message);
export const conflict = (message: string, fields?: Record<string, string>) => new AppError("conflict", message, fields);

/** The balance cannot cover a hold or deduction. Open API answers `ErrorCode.USER_BLANCE_NOT_ENOUGH`. */
export class InsufficientCreditsError extends AppError {
  constructor(message = "Not enough credits") {
    super("insufficient_credits", message);
  }
}

/** STORAGE=s3 and the bucket does not answer (refused, timed out, 5xx): a retryable 503, not a 500. */
export class StorageUnavailableError extends AppError {
  constructor(cause?: unknown) {
    super("storage_unavailable", "File storage is unavailable right now; please try again in a minute", undefined, {
      cause,
    });
  }
}

export class PayloadTooLargeError extends AppError {
  constructor(readonly limitBytes: number) {
    super("payload_too_large", `Request body is too large (limit ${formatBytes(limitBytes)})`);
  }
}

const formatBytes = (n: number) =>
  n >= 1024 * 1024 ? `${Math.round(n / 1024 / 1024)} MB` : `${Math.round(n / 1024)} KB`;

/** Prisma's "record to update/find was not found" (P2025) and its kin: the caller asked for something that is not there. */
export function isPrismaNotFound(error: unknown): boolean {
  const e = error as { code?: unknown; name?: unknown } | null;
  return !!e && typeof e === "object" && String(e.name ?? "").startsWith("PrismaClient") && e.code === "P2025";
}
