// Reading request input: JSON bodies (size-capped before they are read whole) and query strings.
import { AppError, PayloadTooLargeError } from "@/lib/errors";
import type { RequestHead } from "@/lib/http/reply";

export class MalformedBodyError extends AppError {
  constructor(message = "Request body is not valid JSON") {
    super("bad_request", message);
  }
}

/**
 * The body as text, refusing more than `maxBytes`: a declared Content-Length over the cap is refused
 * before a byte is read, and a body without one (chunked) is counted as it streams in and cut off at
 * the cap, so a 300 MB body never sits in memory.
 */
export async function readCappedText(req: Request, maxBytes: number): Promise<string> {
  const declared = Number(req.headers.get("content-length"));
  if (Number.isFinite(declared) && declared > maxBytes) throw new PayloadTooLargeError(maxBytes);
  if (!req.body) return "";
  const reader = req.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      await reader.cancel().catch(() => {});
      throw new PayloadTooLargeError(maxBytes);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

export async function readJson(req: Request, maxBytes: number): Promise<unknown> {
  const text = await readCappedText(req, maxBytes);
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedBodyError();
  }
}

/** The query string's parameters (the last of a repeated name wins), read without parsing the whole URL. */
export function queryObject(req: RequestHead): Record<string, string> {
  const { url } = req;
  const start = url.indexOf("?");
  if (start === -1) return {};
  const end = url.indexOf("#", start);
  return Object.fromEntries(new URLSearchParams(url.slice(start + 1, end === -1 ? undefined : end)));
}

/** Whether a request carries a body at all (a DELETE or a bodiless POST does not). */
export function hasBody(req: RequestHead): boolean {
  const length = req.headers.get("content-length");
  if (length !== null) return Number(length) > 0;
  return req.headers.has("transfer-encoding");
}
