// The Music API's gate, run by its routes after authentication: the admin's maintenance switch
// (code 455) and the request rate (code 430; an admin setting, counted like sign-in throttling: per
// process, or across processes in Redis when REDIS_URL is set, through the shared limiter). The rate is counted per key and per user: a user's keys
// and the browser share one budget, so minting more keys does not buy more requests.
import "server-only";
import type { ApiKeyPrincipal } from "@/lib/auth/api-keys";
import type { SessionUser } from "@/lib/auth/session";
import { checkKeyRate, KeyRateLimitedError } from "@/lib/http/key-rate-limit";
import { MusicError } from "@/lib/music/errors";
import { MAINTENANCE_MESSAGE } from "@/lib/music/service";
import { getSettings } from "@/lib/music/settings";

export const RATE_MESSAGE = "Your call frequency is too high. Please try again later.";

async function gate(rateKeys: string[]): Promise<void> {
  const settings = await getSettings();
  if (settings.musicMaintenance) throw new MusicError(455, MAINTENANCE_MESSAGE);
  try {
    for (const k of rateKeys)
      await checkKeyRate(k, { bucket: "music", points: settings.musicRatePerMinute, windowSeconds: 60 });
  } catch (error) {
    if (error instanceof KeyRateLimitedError) throw new MusicError(430, RATE_MESSAGE);
    throw error;
  }
}

export const musicGate = ({ principal }: { principal: ApiKeyPrincipal }) =>
  gate([`user:${principal.user.id}`, principal.apiKeyId]);

/** Browser submissions: the same switch and the same per-user budget, answered as problem+json 503/429. */
export const musicBrowserGate = ({ user }: { user: SessionUser }) => gate([`user:${user.id}`]);
