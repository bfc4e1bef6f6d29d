// The Music API's gate, run by its routes after authentication: the admin's maintenance switch
// (code 455) and the per-key request rate (code 430; an admin setting, counted per process like
// sign-in throttling, through the shared per-key limiter).
import "server-only";
import type { ApiKeyPrincipal } from "@/lib/auth/api-keys";
import { checkKeyRate, KeyRateLimitedError } from "@/lib/http/key-rate-limit";
import { MusicError } from "@/lib/music/errors";
import { MAINTENANCE_MESSAGE } from "@/lib/music/service";
import { getSettings } from "@/lib/music/settings";

export const RATE_MESSAGE = "Your call frequency is too high. Please try again later.";

export async function musicGate({ principal }: { principal: ApiKeyPrincipal }): Promise<void> {
  const settings = await getSettings();
  if (settings.musicMaintenance) throw new MusicError(455, MAINTENANCE_MESSAGE);
  try {
    await checkKeyRate(principal.apiKeyId, { bucket: "music", points: settings.musicRatePerMinute, windowSeconds: 60 });
  } catch (error) {
    if (error instanceof KeyRateLimitedError) throw new MusicError(430, RATE_MESSAGE);
    throw error;
  }
}
