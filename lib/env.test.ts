import { describe, expect, it } from "vitest";
import { parseEnv } from "@/lib/env";

describe("configuration", () => {
  it("fills defaults for a bare environment", () => {
    const e = parseEnv({});
    expect(e.DATABASE_URL).toBe("file:./data/mixdesk.db");
    expect(e.PUBLIC_BASE_URL).toBe("http://localhost:3000");
    expect(e.SIGNIN_MAX_ATTEMPTS_PER_ACCOUNT).toBe(5);
  });

  it("names each bad variable and what is wrong with it", () => {
    expect(() => parseEnv({ DATABASE_URL: "mysql://x", SIGNIN_WINDOW_MINUTES: "soon", AUTH_SECRET: "short" })).toThrow(
      /DATABASE_URL: must start with file: or postgres\(ql\):\/\/[\s\S]*AUTH_SECRET: must be at least 32 characters[\s\S]*SIGNIN_WINDOW_MINUTES/,
    );
    expect(() => parseEnv({ NEXTAUTH_URL: "localhost:3000" })).toThrow(/NEXTAUTH_URL: must be the full URL/);
    expect(() => parseEnv({ TRUSTED_PROXIES: "proxy.example.com" })).toThrow(/TRUSTED_PROXIES: must be addresses/);
    expect(parseEnv({ TRUSTED_PROXIES: "loopback, 10.0.0.0/8" }).TRUSTED_PROXIES).toBe("loopback, 10.0.0.0/8");
    expect(parseEnv({}).TRUSTED_PROXIES).toBe("");
  });

  it("requires AUTH_SECRET in production but not while building", () => {
    expect(() => parseEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET: is required in production/);
    expect(() => parseEnv({ NODE_ENV: "production", NEXT_PHASE: "phase-production-build" })).not.toThrow();
    expect(parseEnv({ NEXTAUTH_URL: "https://mix.example.com/" }).PUBLIC_BASE_URL).toBe("https://mix.example.com");
  });
});
