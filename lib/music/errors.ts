// A Music API failure with its business code (the sunoapi.org table). It is an AppError too, so
// the browser routes answer it as problem+json with the matching HTTP status.
import { AppError, type ErrorKind } from "@/lib/errors";
import type { MusicCode } from "@/lib/contracts/music";

const KIND: Partial<Record<MusicCode, ErrorKind>> = {
  400: "bad_request",
  401: "unauthorized",
  404: "not_found",
  405: "rate_limited",
  413: "bad_request",
  429: "insufficient_credits",
  430: "rate_limited",
};

// What the browser sees for each code (problem+json status).
const HTTP: Partial<Record<MusicCode, number>> = { 413: 400, 429: 402, 405: 429, 430: 429, 455: 503, 500: 500 };

export class MusicError extends AppError {
  override readonly status: number;
  constructor(
    readonly code: MusicCode,
    message: string,
    /** The field at fault, so forms can point at it. */
    readonly field?: string,
  ) {
    super(KIND[code] ?? "conflict", message, field ? { [field]: message } : undefined);
    this.name = "MusicError";
    this.status = HTTP[code] ?? code;
  }
}

export const musicBad = (field: string, message: string) => new MusicError(400, message, field);
export const musicTooLong = (field: string, message: string) => new MusicError(413, message, field);
export const TASK_NOT_FOUND = "Task not found";
