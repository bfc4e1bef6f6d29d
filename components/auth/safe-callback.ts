/** Only same-site paths are allowed as a post-sign-in destination. */
export function safeCallback(value: string | string[] | undefined, fallback = "/dashboard"): string {
  const v = Array.isArray(value) ? value[0] : value;
  if (!v?.startsWith("/") || v.startsWith("//") || v.startsWith("/\\")) return fallback;
  return v;
}
