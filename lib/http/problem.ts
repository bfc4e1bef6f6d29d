// RFC 9457 problem+json answers for our own browser-facing routes.
import { ZodError } from "zod";
import { AppError } from "@/lib/errors";

export type Problem = { type: string; title: string; status: number; detail: string; fields?: Record<string, string> };

const TITLES: Record<number, string> = {
  400: "Bad request",
  401: "Unauthorized",
  402: "Not enough credits",
  403: "Forbidden",
  404: "Not found",
  409: "Conflict",
  410: "Gone",
  429: "Too many requests",
  500: "Internal server error",
};

export function problem(status: number, detail: string, fields?: Record<string, string>): Response {
  const body: Problem = { type: "about:blank", title: TITLES[status] ?? "Error", status, detail, ...(fields ? { fields } : {}) };
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/problem+json", "cache-control": "private, no-store" },
  });
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

export function problemFromError(error: unknown): Response {
  if (error instanceof AppError) return problem(error.status, error.message, error.fields);
  if (error instanceof ZodError) {
    const fields = zodFields(error);
    return problem(400, Object.entries(fields).map(([k, v]) => (k === "_" ? v : `${k}: ${v}`)).join("; "), fields);
  }
  console.error("[api] unexpected error", error);
  return problem(500, "Something went wrong on our side. Please try again.");
}
