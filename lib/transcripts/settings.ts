// extract-text settings: env defaults (TRANSCRIBE_*), overridden by what an admin saved in the
// Setting table. The API key is kept AES-256-GCM encrypted (key derived from AUTH_SECRET, as the
// webhook secrets), because the relay must send the key itself.
import "server-only";
import { createCipheriv, createDecipheriv, createHash, randomBytes } from "node:crypto";
import type { TranscribeSettingsView, UpdateTranscribeSettings } from "@/lib/contracts/transcribe";
import { db } from "@/lib/db";
import { env } from "@/lib/env";

const KEYS = {
  baseUrl: "transcribeBaseUrl",
  model: "transcribeModel",
  language: "transcribeLanguage",
  apiKey: "transcribeApiKeyCipher",
} as const;

const cipherKey = () => createHash("sha256").update(`transcribe-api-key:${env().AUTH_SECRET}`).digest();

export function encryptApiKey(secret: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv("aes-256-gcm", cipherKey(), iv);
  const data = Buffer.concat([cipher.update(secret, "utf8"), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString("base64url")).join(".");
}

export function decryptApiKey(stored: string): string {
  const [iv, tag, data] = stored.split(".").map((p) => Buffer.from(p, "base64url"));
  const decipher = createDecipheriv("aes-256-gcm", cipherKey(), iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString("utf8");
}

type Stored = { baseUrl: string | null; model: string | null; language: string | null; apiKey: string | null };

async function stored(): Promise<Stored> {
  const rows = await db.setting.findMany({ where: { key: { in: Object.values(KEYS) } } });
  const get = (k: string) => {
    const row = rows.find((r) => r.key === k);
    if (!row) return null;
    try {
      const v = JSON.parse(row.value) as unknown;
      return typeof v === "string" && v !== "" ? v : null;
    } catch {
      return null; // a hand-edited bad value falls back to env
    }
  };
  let apiKey: string | null = null;
  const cipher = get(KEYS.apiKey);
  if (cipher) {
    try {
      apiKey = decryptApiKey(cipher);
    } catch {
      apiKey = null; // AUTH_SECRET changed: the stored key is unreadable, the admin sets it again
    }
  }
  return { baseUrl: get(KEYS.baseUrl), model: get(KEYS.model), language: get(KEYS.language), apiKey };
}

export type TranscribeConfig = {
  engines: ("subtitles" | "openai" | "pocketsphinx")[];
  baseUrl: string | null;
  apiKey: string | null;
  model: string;
  language: string | null;
  maxUploadBytes: number;
  concurrency: number;
  timeoutMs: number;
  maxAttempts: number;
};

/** What the extract-text chain runs with. */
export async function transcribeConfig(): Promise<TranscribeConfig> {
  const e = env();
  const s = await stored();
  return {
    engines: [...new Set(e.TRANSCRIBE_ENGINES.split(",").map((x) => x.trim()))] as TranscribeConfig["engines"],
    baseUrl: s.baseUrl ?? e.TRANSCRIBE_BASE_URL ?? null,
    apiKey: s.apiKey ?? e.TRANSCRIBE_API_KEY ?? null,
    model: s.model ?? e.TRANSCRIBE_MODEL,
    language: (s.language ?? e.TRANSCRIBE_LANGUAGE ?? null)?.toLowerCase() ?? null,
    maxUploadBytes: Math.floor(e.TRANSCRIBE_MAX_UPLOAD_MB * 1024 * 1024),
    concurrency: e.TRANSCRIBE_CONCURRENCY,
    timeoutMs: e.TRANSCRIBE_TIMEOUT_SECONDS * 1000,
    maxAttempts: e.TRANSCRIBE_MAX_ATTEMPTS,
  };
}

const hint = (key: string) => (key.length > 8 ? `…${key.slice(-4)}` : "…");

export async function getTranscribeSettings(): Promise<TranscribeSettingsView> {
  const s = await stored();
  const c = await transcribeConfig();
  return {
    baseUrl: s.baseUrl,
    model: s.model,
    language: s.language,
    apiKeySet: s.apiKey !== null,
    apiKeyHint: s.apiKey ? hint(s.apiKey) : null,
    effective: {
      baseUrl: c.baseUrl,
      model: c.model,
      language: c.language,
      apiKeySet: c.apiKey !== null,
      engines: c.engines,
    },
  };
}

export async function updateTranscribeSettings(
  actorId: string,
  patch: UpdateTranscribeSettings,
): Promise<TranscribeSettingsView> {
  const writes: [string, string | null][] = [];
  if (patch.baseUrl !== undefined) writes.push([KEYS.baseUrl, patch.baseUrl]);
  if (patch.model !== undefined) writes.push([KEYS.model, patch.model]);
  if (patch.language !== undefined) writes.push([KEYS.language, patch.language?.toLowerCase() ?? null]);
  if (patch.apiKey !== undefined)
    writes.push([KEYS.apiKey, patch.apiKey === null ? null : encryptApiKey(patch.apiKey)]);
  await db.$transaction(
    writes.map(([key, v]) =>
      v === null
        ? db.setting.deleteMany({ where: { key } })
        : db.setting.upsert({
            where: { key },
            create: { key, value: JSON.stringify(v), updatedById: actorId },
            update: { value: JSON.stringify(v), updatedById: actorId },
          }),
    ),
  );
  return getTranscribeSettings();
}
