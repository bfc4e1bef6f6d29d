// Typed errors thrown by services. Route wrappers map them to each dialect's envelope in one place.
export type ErrorKind =
  | "bad_request"
  | "unauthorized"
  | "forbidden"
  | "not_found"
  | "conflict"
  | "gone"
  | "rate_limited"
  | "insufficient_credits";

const STATUS: Record<ErrorKind, number> = {
  bad_request: 400,
  unauthorized: 401,
  forbidden: 403,
  not_found: 404,
  conflict: 409,
  gone: 410,
  rate_limited: 429,
  insufficient_credits: 402,
};

export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly kind: ErrorKind,
    message: string,
    /** Field-level problems for forms: `{ email: "Already registered" }`. */
    readonly fields?: Record<string, string>,
  ) {
    super(message);
    this.name = "AppError";
    this.status = STATUS[kind];
  }
}

export const badRequest = (message: string, fields?: Record<string, string>) =>
  new AppError("bad_request", message, fields);
export const notFound = (message: string) => new AppError("not_found", message);
export const forbidden = (message: string) => new AppError("forbidden", message);
export const conflict = (message: string, fields?: Record<string, string>) =>
  new AppError("conflict", message, fields);

/** The balance cannot cover a hold or deduction. Open API answers `ErrorCode.USER_BLANCE_NOT_ENOUGH`. */
export class InsufficientCreditsError extends AppError {
  constructor(message = "Not enough credits") {
    super("insufficient_credits", message);
  }
}
