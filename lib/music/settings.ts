// Admin switches kept in the Setting table (JSON per key), falling back to env defaults.
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { MusicSettings } from "@/lib/contracts/music";

const KEYS = ["musicMaintenance", "musicMaxConcurrentPerKey", "musicRatePerMinute"] as const;

function defaults(): MusicSettings {
  const e = env();
  return {
    musicMaintenance: false,
    musicMaxConcurrentPerKey: e.MUSIC_MAX_CONCURRENT_PER_KEY,
    musicRatePerMinute: e.MUSIC_RATE_PER_MINUTE,
  };
}

export async function getSettings(): Promise<MusicSettings> {
  const rows = await db.setting.findMany({ where: { key: { in: [...KEYS] } } });
  const out = defaults() as Record<string, unknown>;
  for (const r of rows) {
    try {
      out[r.key] = JSON.parse(r.value);
    } catch {
      /* a hand-edited bad value falls back to the default */
    }
  }
  return out as MusicSettings;
}

export async function updateSettings(actorId: string, patch: Partial<MusicSettings>): Promise<MusicSettings> {
  const entries = Object.entries(patch).filter(([k, v]) => (KEYS as readonly string[]).includes(k) && v !== undefined);
  await db.$transaction(
    entries.map(([key, v]) =>
      db.setting.upsert({
        where: { key },
        create: { key, value: JSON.stringify(v), updatedById: actorId },
        update: { value: JSON.stringify(v), updatedById: actorId },
      }),
    ),
  );
  return getSettings();
}
