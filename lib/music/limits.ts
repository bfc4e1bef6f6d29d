// Per-key request rate for the Music API (code 430). The limit is an admin setting, so the limiter
// is rebuilt when it changes. In-memory per process, like sign-in throttling.
import { RateLimiterMemory, RateLimiterRes } from "rate-limiter-flexible";

const g = globalThis as unknown as { mixdeskMusicLimiter?: { points: number; limiter: RateLimiterMemory } };

/** True when the key may make another request now. */
export async function takeMusicRequest(apiKeyId: string, perMinute: number): Promise<boolean> {
  if (!g.mixdeskMusicLimiter || g.mixdeskMusicLimiter.points !== perMinute) {
    g.mixdeskMusicLimiter = { points: perMinute, limiter: new RateLimiterMemory({ keyPrefix: "music-key", points: perMinute, duration: 60 }) };
  }
  try {
    await g.mixdeskMusicLimiter.limiter.consume(apiKeyId);
    return true;
  } catch (error) {
    if (error instanceof RateLimiterRes) return false;
    throw error;
  }
}
