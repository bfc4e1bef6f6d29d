// The Content-Security-Policy of every page, with a per-request nonce (set by proxy.ts).
//
// Why a nonce rather than 'unsafe-inline' scripts: the App Router streams its bootstrap and RSC
// payload as inline <script> tags. 'unsafe-inline' would let any injected inline script run, which
// is most of what a CSP is for. With a nonce Next.js tags its own scripts (it reads the nonce from
// this header on the request) and 'strict-dynamic' trusts what they load; an injected script has no
// nonce and is blocked. The cost: pages must render per request, which every page here already does
// (the root layout reads the locale cookie), and the proxy runs on each page request.
//
// Styles keep 'unsafe-inline': the server-rendered markup has style="" attributes (progress bars, the
// draft timeline) that a nonce cannot cover, and injected CSS cannot run code.
export function contentSecurityPolicy(opts: { nonce: string; dev: boolean; https: boolean }): string {
  const directives = [
    "default-src 'self'",
    // 'unsafe-eval' only in `next dev`: React rebuilds server error stacks with eval there.
    `script-src 'self' 'nonce-${opts.nonce}' 'strict-dynamic'${opts.dev ? " 'unsafe-eval'" : ""}`,
    "style-src 'self' 'unsafe-inline'",
    // Covers, previews and the favicon are ours, data: or blob: (local previews of a chosen file).
    "img-src 'self' data: blob:",
    "media-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "manifest-src 'self'",
    "frame-src 'none'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ];
  if (opts.https) directives.push("upgrade-insecure-requests");
  return directives.join("; ");
}
