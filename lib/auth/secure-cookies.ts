// Whether the app is reached over HTTPS, judged from the configured public URL rather than the
// request: behind a TLS-terminating proxy the app itself only ever sees plain HTTP.
import { env } from "@/lib/env";

export function secureCookiesEnabled(): boolean {
  const e = env();
  return [e.NEXTAUTH_URL, e.PUBLIC_BASE_URL].some((u) => u?.startsWith("https://"));
}
