// Per-team webhook secrets: `whsec_` + 32 random bytes, kept AES-256-GCM encrypted (key derived
// from AUTH_SECRET) because signing needs the secret itself, not a hash. Signatures are
// HMAC-SHA256 over `<timestamp>.<body>`, sent as `X-Mixdesk-Signature: v1=<hex>`.
import { createCipheriv, createDecipheriv, createHash, createHmac, randomBytes } from "node:crypto";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";

export const SECRET_PREFIX = "whsec_";
export const SIGNATURE_HEADER = "X-Mixdesk-Signature";
export const TIMESTAMP_HEADER = "X-Mixdesk-Timestamp";
export const EVENT_HEADER = "X-Mixdesk-Event";
export const DELIVERY_HEADER = "X-Mixdesk-Delivery";

const key = () => createHash("sha256").update(`webhook-secret:${env().AUTH_SECRET}`).digest();

export function encryptSecret(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", key(), iv);
  const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString("base64url")).join(".");
}

export function decryptSecret(stored: string): string {
  const [iv, tag, data] = stored.split(".").map((p) => Buffer.from(p, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", key(), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
}

export const newSecret = () => SECRET_PREFIX + randomBytes(32).toString("base64url");
export const secretHint = (secret: string) => `${SECRET_PREFIX}…${secret.slice(-4)}`;

export function sign(secret: string, timestamp: number, body: string): string {
  return `v1=${createHmac("sha256", secret).update(`${timestamp}.${body}`).digest("hex")}`;
}

/** The team's webhook row, created with a fresh secret the first time anything needs it. */
export async function ensureTeamWebhook(teamId: string, tx?: Tx) {
  const client = tx ?? db;
  const existing = await client.teamWebhook.findUnique({ where: { teamId } });
  if (existing) return existing;
  const secret = newSecret();
  try {
    return await client.teamWebhook.create({
      data: { teamId, secretCipher: encryptSecret(secret), secretHint: secretHint(secret) },
    });
  } catch (error) {
    if (tx) throw error;
    return client.teamWebhook.findUniqueOrThrow({ where: { teamId } }); // created concurrently
  }
}

export async function teamSecret(teamId: string): Promise<string> {
  return decryptSecret((await ensureTeamWebhook(teamId)).secretCipher);
}
