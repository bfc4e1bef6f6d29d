// Local-disk storage under DATA_DIR, and signed download URLs that expire (1 hour by default).
import "server-only";
import { createHmac, timingSafeEqual } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";

export const dataDir = () => path.resolve(/* turbopackIgnore: true */ env().DATA_DIR);

/** Absolute path of a DATA_DIR-relative path, refusing anything that escapes it. */
export function resolveData(rel: string): string {
  const root = dataDir();
  const abs = path.resolve(/* turbopackIgnore: true */ root, rel);
  if (abs !== root && !abs.startsWith(root + path.sep)) throw new Error(`Path escapes the data directory: ${rel}`);
  return abs;
}

export async function ensureDir(rel: string) {
  const abs = resolveData(rel);
  await fs.promises.mkdir(abs, { recursive: true });
  return abs;
}

const sign = (rel: string, exp: number) =>
  createHmac("sha256", env().AUTH_SECRET).update(`file:${rel}:${exp}`).digest("base64url");

export const URL_TTL_SECONDS = 3600;

/** `exp=…&sig=…` authorising `rel` for `ttl` seconds (checked by checkFileSignature). */
export function signedQuery(rel: string, ttl = URL_TTL_SECONDS, now = Date.now()): string {
  const exp = Math.floor(now / 1000) + ttl;
  return `exp=${exp}&sig=${sign(rel, exp)}`;
}

/** A download URL for a DATA_DIR-relative file, valid for `ttl` seconds. */
export function signedFileUrl(rel: string, ttl = URL_TTL_SECONDS, now = Date.now()): string {
  const encoded = rel.split("/").map(encodeURIComponent).join("/");
  return `${env().PUBLIC_BASE_URL}/api/files/${encoded}?${signedQuery(rel, ttl, now)}`;
}

export type SignatureCheck = "ok" | "expired" | "invalid";

export function checkFileSignature(
  rel: string,
  exp: string | null,
  sig: string | null,
  now = Date.now(),
): SignatureCheck {
  if (!exp || !sig || !/^\d+$/.test(exp)) return "invalid";
  const expected = Buffer.from(sign(rel, Number(exp)));
  const given = Buffer.from(sig);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) return "invalid";
  return Number(exp) * 1000 < now ? "expired" : "ok";
}
