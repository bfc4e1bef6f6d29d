// Host → platform. Production hosts are matched by suffix; tests map loopback fixture servers to
// platforms with SHORT_VIDEO_HOST_MAP="127.0.0.1:PORT=douyin,…" so the same code paths run.
import { env } from "@/lib/env";
import { PLATFORM_SUFFIXES } from "./known-hosts";
import type { Platform } from "./types";

function testMap(): Map<string, Platform> {
  const map = new Map<string, Platform>();
  for (const pair of env().SHORT_VIDEO_HOST_MAP.split(",")) {
    const [host, platform] = pair.split("=").map((s) => s.trim().toLowerCase());
    if (host && platform) map.set(host, platform as Platform);
  }
  return map;
}

/** The mapped platform of a test host (host:port), if any. */
export function mappedPlatform(url: URL): Platform | undefined {
  return testMap().get(url.host.toLowerCase());
}

export function platformOf(url: URL): Platform {
  const mapped = mappedPlatform(url);
  if (mapped) return mapped;
  const host = url.hostname.toLowerCase();
  for (const [platform, suffixes] of PLATFORM_SUFFIXES) {
    if (suffixes.some((s) => host === s || host.endsWith(`.${s}`))) return platform;
  }
  return "generic";
}

/**
 * The origin of a platform API. In production it is the fixed public origin; when the page we
 * came from is a mapped test host, the API is served by that same host.
 */
export function apiOrigin(seen: string, production: string): string {
  const url = new URL(seen);
  return mappedPlatform(url) ? url.origin : production;
}
