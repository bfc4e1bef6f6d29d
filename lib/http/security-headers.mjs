// Sent with every response: by Next (next.config.mjs `headers()`) and by the fast lane
// (lib/http/fast-lane.ts), which answers before Next's pipeline. The page CSP (with a per-request
// nonce) and HSTS (only when the public URL is https, decided at run time) come from proxy.ts.
export const SECURITY_HEADERS = [
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Cross-Origin-Opener-Policy", value: "same-origin" },
  {
    key: "Permissions-Policy",
    value: "camera=(), microphone=(), geolocation=(), payment=(), usb=(), serial=(), bluetooth=(), browsing-topics=()",
  },
];
