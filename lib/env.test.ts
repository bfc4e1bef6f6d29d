import path from "node:path";
import { describe, expect, it, vi } from "vitest";
import { env, parseEnv } from "@/lib/env";
import { maxUploadBytes } from "@/lib/storage/uploads";
import { dataDir } from "@/lib/storage/files";

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

  it("treats empty and blank variables as unset, so they fall back to their defaults", () => {
    const e = parseEnv({
      MAX_UPLOAD_MB: "",
      DATA_DIR: "",
      DATABASE_URL: " ",
      JOBS_CONCURRENCY: "",
      FFMPEG_PATH: "",
      FETCH_ALLOW_HOSTS: "",
      SHORT_VIDEO_HOST_MAP: "",
      NEXTAUTH_URL: "",
    });
    expect(e.MAX_UPLOAD_MB).toBe(200);
    expect(e.DATA_DIR).toBe("./data");
    expect(e.DATABASE_URL).toBe("file:./data/mixdesk.db");
    expect(e.JOBS_CONCURRENCY).toBe(1);
    expect(e.FFMPEG_PATH).toBe("ffmpeg");
    expect(e.FETCH_ALLOW_HOSTS).toBe("");
    expect(e.PUBLIC_BASE_URL).toBe("http://localhost:3000");
  });

  it("an empty MAX_UPLOAD_MB or DATA_DIR in the environment keeps the 200 MB cap and ./data", () => {
    vi.stubEnv("MAX_UPLOAD_MB", "");
    vi.stubEnv("DATA_DIR", "");
    try {
      expect(maxUploadBytes()).toBe(200 * 1024 * 1024);
      expect(dataDir()).toBe(path.resolve("./data"));
      // A later change is seen without a restart of the process (tests rely on it).
      vi.stubEnv("MAX_UPLOAD_MB", "5");
      expect(maxUploadBytes()).toBe(5 * 1024 * 1024);
      expect(env().MAX_UPLOAD_MB).toBe(5);
    } finally {
      vi.unstubAllEnvs();
    }
  });

  it("leaves the job queue in the database unless REDIS_URL names a Redis server", () => {
    expect(parseEnv({}).REDIS_URL).toBeUndefined();
    expect(parseEnv({ REDIS_URL: "  " }).REDIS_URL).toBeUndefined();
    expect(parseEnv({}).REDIS_PREFIX).toBe("mixdesk");
    const e = parseEnv({ REDIS_URL: "redis://127.0.0.1:6390/2", REDIS_PREFIX: "studio-a" });
    expect(e).toMatchObject({ REDIS_URL: "redis://127.0.0.1:6390/2", REDIS_PREFIX: "studio-a" });
    expect(parseEnv({ REDIS_URL: "rediss://cache.example.com:6380" }).REDIS_URL).toBe(
      "rediss://cache.example.com:6380",
    );
    expect(() => parseEnv({ REDIS_URL: "http://127.0.0.1:6379" })).toThrow(/REDIS_URL: must start with redis:\/\//);
    expect(() => parseEnv({ REDIS_PREFIX: "a b" })).toThrow(/REDIS_PREFIX:/);
  });

  it("names the variable of a bad value", () => {
    expect(() => parseEnv({ MAX_UPLOAD_MB: "lots" })).toThrow(/MAX_UPLOAD_MB:/);
    expect(() => parseEnv({ MAX_UPLOAD_MB: "-1" })).toThrow(/MAX_UPLOAD_MB:/);
    expect(() => parseEnv({ DATABASE_POOL_SIZE: "0" })).toThrow(/DATABASE_POOL_SIZE:/);
    expect(() => parseEnv({ JOBS_EMBEDDED: "yes" })).toThrow(/JOBS_EMBEDDED: must be true or false/);
    expect(() => parseEnv({ SHORT_VIDEO_HOST_MAP: "127.0.0.1:4000" })).toThrow(
      /SHORT_VIDEO_HOST_MAP: must be host:port=platform/,
    );
    expect(
      parseEnv({ SHORT_VIDEO_HOST_MAP: "127.0.0.1:4000=douyin, 127.0.0.1:4001=weibo" }).SHORT_VIDEO_HOST_MAP,
    ).toContain("weibo");
    vi.stubEnv("MAX_UPLOAD_MB", "none");
    try {
      expect(() => maxUploadBytes()).toThrow(/Invalid configuration:\n {2}MAX_UPLOAD_MB:/);
    } finally {
      vi.unstubAllEnvs();
    }
  });
  it("STORAGE=s3 names every S3 setting it misses, and defaults the region and path style", () => {
    expect(parseEnv({}).STORAGE).toBe("local");
    expect(() => parseEnv({ STORAGE: "s3", S3_BUCKET: "media" })).toThrow(
      /S3_ENDPOINT: is required when STORAGE=s3[\s\S]*S3_ACCESS_KEY_ID: is required when STORAGE=s3[\s\S]*S3_SECRET_ACCESS_KEY: is required/,
    );
    expect(() => parseEnv({ STORAGE: "minio" })).toThrow(/STORAGE: must be local or s3/);
    expect(() => parseEnv({ STORAGE: "s3", S3_ENDPOINT: "127.0.0.1:9000" })).toThrow(
      /S3_ENDPOINT: must be a full http/,
    );
    expect(() => parseEnv({ S3_BUCKET: "My_Bucket" })).toThrow(/S3_BUCKET: must be an S3 bucket name/);
    const e = parseEnv({
      STORAGE: "s3",
      S3_ENDPOINT: "http://127.0.0.1:9000",
      S3_BUCKET: "mixdesk-media",
      S3_ACCESS_KEY_ID: "minio",
      S3_SECRET_ACCESS_KEY: "minio-secret",
    });
    expect([e.S3_REGION, e.S3_FORCE_PATH_STYLE]).toEqual(["us-east-1", "true"]);
  });
});
