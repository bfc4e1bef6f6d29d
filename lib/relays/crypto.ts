// Upstream API keys at rest: AES-256-GCM under RELAY_MASTER_KEY. Each ciphertext names the master
// key it was sealed with (a short fingerprint), so during a rotation the previous key
// (RELAY_MASTER_KEY_PREVIOUS) still opens old rows until `npm run admin -- rotate-relay-keys`
// re-seals them. The session secret is never used here: leaking a session key must not leak
// upstream keys, and rotating one must not lose the other.
import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import { env } from "@/lib/env";
import { badRequest } from "@/lib/errors";

function keyBytes(text: string): Buffer {
  const buf = /^[0-9a-fA-F]{64}$/.test(text) ? Buffer.from(text, "hex") : Buffer.from(text, "base64");
  if (buf.length !== 32) throw new Error("a relay master key must be 32 bytes");
  return buf;
}

/** 8 hex characters naming a master key without revealing it. */
export const keyId = (key: Buffer) =>
  createHash("sha256").update("mixdesk-relay-key-id:").update(key).digest("hex").slice(0, 8);

function masterKeys(): { current: Buffer | null; previous: Buffer | null } {
  const e = env();
  return {
    current: e.RELAY_MASTER_KEY ? keyBytes(e.RELAY_MASTER_KEY) : null,
    previous: e.RELAY_MASTER_KEY_PREVIOUS ? keyBytes(e.RELAY_MASTER_KEY_PREVIOUS) : null,
  };
}

export const relayKeysConfigured = () => masterKeys().current !== null;

export function sealKey(plain: string): string {
  const { current } = masterKeys();
  if (!current) throw badRequest("RELAY_MASTER_KEY is not set: upstream keys cannot be stored");
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", current, iv);
  const data = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
  return [keyId(current), ...[iv, cipher.getAuthTag(), data].map((b) => b.toString("base64url"))].join(".");
}

/** Which configured master key sealed this value: current | previous | none. */
export function sealedWith(sealed: string): "current" | "previous" | "none" {
  const id = sealed.split(".")[0];
  const { current, previous } = masterKeys();
  if (current && keyId(current) === id) return "current";
  if (previous && keyId(previous) === id) return "previous";
  return "none";
}

export function openKey(sealed: string): string {
  const [id, iv, tag, data] = sealed.split(".");
  const { current, previous } = masterKeys();
  const key = [current, previous].find((k) => k && keyId(k) === id);
  if (!key)
    throw badRequest(
      "This upstream's key was stored under a master key that is no longer configured; enter the key again",
    );
  const decipher = createDecipheriv("aes-256-gcm", key, Buffer.from(iv, "base64url"));
  decipher.setAuthTag(Buffer.from(tag, "base64url"));
  return Buffer.concat([decipher.update(Buffer.from(data, "base64url")), decipher.final()]).toString("utf8");
}

/** What people see of a key: its last four characters. */
export const keyHint = (plain: string) => `…${plain.slice(-4)}`;
