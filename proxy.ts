// Runs before every page request: a fresh CSP nonce (see lib/http/csp.ts for the policy and why a
// nonce) and HSTS when the public URL is https. The other security headers are static and set for
// every response in next.config.mjs.
import { type NextRequest, NextResponse } from "next/server";
import { env } from "@/lib/env";
import { contentSecurityPolicy } from "@/lib/http/csp";

export function proxy(request: NextRequest) {
  const config = env();
  const nonce = Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString("base64");
  const https = config.PUBLIC_BASE_URL.startsWith("https://");
  const csp = contentSecurityPolicy({ nonce, dev: config.NODE_ENV === "development", https });

  // Next.js reads the nonce from the request's CSP header and puts it on the scripts it renders.
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set("Content-Security-Policy", csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set("Content-Security-Policy", csp);
  if (https) response.headers.set("Strict-Transport-Security", "max-age=63072000; includeSubDomains");
  return response;
}

export const config = {
  matcher: [
    {
      // Pages only: API routes answer JSON or files, and static assets need no policy of their own.
      source: "/((?!api/|v1/|_next/static|_next/image|favicon.ico).*)",
      missing: [
        { type: "header", key: "next-router-prefetch" },
        { type: "header", key: "purpose", value: "prefetch" },
      ],
    },
  ],
};
