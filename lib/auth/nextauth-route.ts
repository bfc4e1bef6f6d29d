// next-auth's route handler reads whatever body it is sent (req.text()/req.json()) with no limit.
// Its forms are a few short fields, so the body is read here first under a small cap and handed to
// next-auth as a fresh request; a larger one is refused with 413 before it can fill memory.
import "server-only";
import NextAuth from "next-auth";
import { NextRequest } from "next/server";
import { authOptions } from "@/lib/auth/options";
import { readCappedText } from "@/lib/http/body";
import { problem } from "@/lib/http/dialects";
import { PayloadTooLargeError } from "@/lib/errors";

/** Sign-in, sign-out and CSRF forms are well under a kilobyte. */
export const AUTH_MAX_BODY_BYTES = 16 * 1024;

type Context = { params: Promise<{ nextauth: string[] }> };

/** The request with its body read under the cap (next-auth only reads POST bodies). */
async function cappedRequest(req: Request): Promise<NextRequest> {
  if (req.method !== "POST") return req instanceof NextRequest ? req : new NextRequest(req);
  const body = await readCappedText(req, AUTH_MAX_BODY_BYTES);
  const headers = new Headers(req.headers);
  // The body is now a plain string of known length; the original framing no longer applies.
  headers.delete("content-length");
  headers.delete("transfer-encoding");
  return new NextRequest(req.url, { method: req.method, headers, body });
}

export async function nextAuthRoute(req: Request, ctx: Context): Promise<Response> {
  let capped: NextRequest;
  try {
    capped = await cappedRequest(req);
  } catch (error) {
    if (error instanceof PayloadTooLargeError) return problem(413, error.message).toResponse();
    throw error;
  }
  return NextAuth(capped as never, ctx as never, authOptions());
}
