// All configuration, validated. A bad variable stops the server with its name and the problem.
// The only module that reads process.env (Biome's noProcessEnv enforces it; see biome.jsonc).
import "server-only";
import proxyaddr from "proxy-addr";
import { z } from "zod";

function validTrustedProxies(v: string) {
  if (v.trim() === "" || /^\d+$/.test(v.trim())) return true;
  try {
    proxyaddr.compile(
      v
        .split(",")
        .map((s) => s.trim())
        .filter(Boolean),
    );
    return true;
  } catch {
    return false;
  }
}

const schema = z.object({
  NODE_ENV: z.enum(["development", "production", "test"]).default("development"),
  DATABASE_URL: z
    .string()
    .regex(/^(file:|postgres(ql)?:\/\/)/, { error: "must start with file: or postgres(ql)://" })
    .default("file:./data/mixdesk.db"),
  AUTH_SECRET: z.string().min(32, { error: "must be at least 32 characters (run `npm run setup`)" }).optional(),
  NEXTAUTH_URL: z
    .url({ protocol: /^https?$/, error: "must be the full URL the app is reached at, e.g. http://localhost:3000" })
    .optional(),
  /** Base for links the app hands out (invite links, later result URLs); defaults to NEXTAUTH_URL. */
  PUBLIC_BASE_URL: z
    .url({ protocol: /^https?$/, error: "must be a full URL such as https://mixdesk.example.com" })
    .optional(),
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  /** Failed sign-ins on one account from one address (or one known device) before it must wait. */
  SIGNIN_MAX_ATTEMPTS_PER_ACCOUNT: z.coerce.number().int().min(1).default(5),
  /** Failed sign-ins from one address, all accounts together; known devices are not held up. */
  SIGNIN_MAX_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).default(30),
  /** Failed sign-ins on one account from all unknown devices together; known devices still sign in. */
  SIGNIN_MAX_ATTEMPTS_PER_ACCOUNT_TOTAL: z.coerce.number().int().min(1).default(100),
  /** First wait after a limit is hit; each further lockout of the same key doubles it (up to a day). */
  SIGNIN_WINDOW_MINUTES: z.coerce.number().int().min(1).default(15),
  /**
   * Reverse proxies whose X-Forwarded-For is believed: comma-separated addresses/CIDRs or
   * loopback, linklocal, uniquelocal; or a number of hops. Empty: X-Forwarded-For is ignored.
   */
  TRUSTED_PROXIES: z
    .string()
    .refine(validTrustedProxies, {
      error: "must be addresses/CIDRs (or loopback, linklocal, uniquelocal), comma-separated, or a number of hops",
    })
    .default(""),
  SESSION_MAX_AGE_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  /**
   * Redis for the scaled mode (redis://[:password@]host:6379[/db], rediss:// for TLS): jobs through
   * BullMQ and rate limits shared by every process. Unset: everything stays in this process.
   */
  REDIS_URL: z
    .string()
    .regex(/^rediss?:\/\//, { error: "must start with redis:// or rediss://, e.g. redis://127.0.0.1:6379" })
    .optional(),
  /** Prefix of every Redis key this install writes, so installs (or test files) can share a server. */
  REDIS_PREFIX: z
    .string()
    .regex(/^[A-Za-z0-9_.-]{1,64}$/, { error: "must be letters, digits, _ . or - (at most 64)" })
    .default("mixdesk"),

  /**
   * The master key that encrypts upstream API keys (admin "Engines" relays): 32 bytes as 64 hex
   * characters or base64 (`openssl rand -hex 32`). Never the session secret. Unset: upstreams cannot
   * be added, and stored ones cannot be used.
   */
  RELAY_MASTER_KEY: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/, {
      error: "must be 32 bytes as 64 hex characters or base64 (openssl rand -hex 32)",
    })
    .optional(),
  /** While rotating RELAY_MASTER_KEY: the previous key, still accepted for reading until
   * `npm run admin -- rotate-relay-keys` has re-encrypted every stored upstream key. */
  RELAY_MASTER_KEY_PREVIOUS: z
    .string()
    .regex(/^(?:[0-9a-fA-F]{64}|[A-Za-z0-9+/_-]{43}=?)$/, {
      error: "must be 32 bytes as 64 hex characters or base64 (openssl rand -hex 32)",
    })
    .optional(),
  /** Relays: attempts of one upstream call (submit, poll) on 5xx/429/timeouts before the route
   * moves to its next step; the gap doubles from RELAY_RETRY_BASE_MS (Retry-After honoured). */
  RELAY_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  RELAY_RETRY_BASE_MS: z.coerce.number().int().min(10).max(600_000).default(2000),
  /** Relays: the gap between two polls of one YinziAI task (at least; backoff may stretch it). */
  RELAY_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(3000),
  /** Relays: a task the upstream has not finished after this long is given up (the route moves on). */
  RELAY_TASK_TIMEOUT_MINUTES: z.coerce.number().positive().default(25),
  /** Relays: how often reconciliation compares upstream and local task states (maintenance). */
  RELAY_RECONCILE_MINUTES: z.coerce.number().positive().default(15),
  /** TEST ONLY: `stored-id` kills the worker (SIGKILL) right after an upstream task id is stored and
   * before the task is marked submitted, so the crash test can prove nothing is submitted twice. */
  RELAY_TEST_CRASH_AFTER: z.enum(["stored-id"]).optional(),
  /** Relays: the gap between two record-info polls of one Suno-style task. Callbacks normally finish
   * the task first; polling is the fallback (the vendors allow 3 queries a second per task). */
  RELAY_SUNO_POLL_INTERVAL_MS: z.coerce.number().int().min(10).max(600_000).default(5000),

  /** Where uploads, results and work files live. */
  DATA_DIR: z.string().min(1).default("./data"),
  /** Where stored files live: `local` (DATA_DIR) or `s3` (an S3-compatible bucket every process shares). */
  STORAGE: z.enum(["local", "s3"], { error: "must be local or s3" }).default("local"),
  /** STORAGE=s3: the S3 API's base URL, e.g. http://127.0.0.1:9000 (MinIO) or https://s3.us-east-1.amazonaws.com. */
  S3_ENDPOINT: z
    .url({ protocol: /^https?$/, error: "must be a full http(s) URL such as http://127.0.0.1:9000" })
    .optional(),
  S3_BUCKET: z
    .string()
    .regex(/^[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]$/, {
      error: "must be an S3 bucket name (3-63 lowercase letters, digits, dots, hyphens)",
    })
    .optional(),
  S3_REGION: z.string().min(1).default("us-east-1"),
  S3_ACCESS_KEY_ID: z.string().optional(),
  S3_SECRET_ACCESS_KEY: z.string().optional(),
  /** Bucket in the path (http://host/bucket/key) rather than the host name: MinIO and most self-hosted servers need it. */
  S3_FORCE_PATH_STYLE: z.enum(["true", "false"], { error: "must be true or false" }).default("true"),
  /** STORAGE=s3: local copies of stored files (DATA_DIR/uploads, results, drafts) not written for this long are
   * removed by every process's cache sweep (a later need costs one download). */
  STORAGE_CACHE_HOURS: z.coerce.number().positive().default(24),
  /** `npm start` (scripts/server.ts) answers the hottest API reads (order query, music record-info,
   * liveness) before Next's pipeline (lib/http/fast-lane.ts); false sends them through Next too. */
  FAST_LANE: z.enum(["true", "false"], { error: "must be true or false" }).default("true"),
  /** Run orders inside the web server (default) or only in `npm run worker` processes. */
  JOBS_EMBEDDED: z.enum(["true", "false"], { error: "must be true or false" }).default("true"),
  JOBS_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(1),
  JOBS_LEASE_SECONDS: z.coerce.number().positive().default(30),
  JOBS_POLL_MS: z.coerce.number().int().min(50).default(1000),
  JOBS_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(3),
  JOBS_BACKOFF_SECONDS: z.coerce.number().min(0).default(5),
  JOBS_SHUTDOWN_GRACE_SECONDS: z.coerce.number().min(0).default(20),
  JOBS_MAINTENANCE_SECONDS: z.coerce.number().positive().default(30),
  ORDER_TIMEOUT_MINUTES: z.coerce.number().positive().default(30),
  RESULT_RETENTION_DAYS: z.coerce.number().positive().default(14),
  MAX_INPUT_MB: z.coerce.number().positive().default(200),
  /** Longest media (decoded length) an order may process: the engines hold the whole PCM in memory. */
  MAX_ORDER_MINUTES: z.coerce.number().positive().max(360).default(20),
  MAX_UPLOAD_MB: z.coerce.number().positive().default(200),
  /** Largest JSON request body any route reads (413 in the route's dialect above it). */
  MAX_JSON_BODY_KB: z.coerce
    .number()
    .int()
    .positive()
    .max(1024 * 1024)
    .default(2048),
  FETCH_TIMEOUT_SECONDS: z.coerce.number().positive().default(120),
  /** A fetched link that sends nothing for this long (or cannot be connected to) is given up. */
  FETCH_IDLE_TIMEOUT_SECONDS: z.coerce.number().positive().default(30),
  /** Comma-separated hosts/IPs the fetcher may reach although not public (tests only). */
  FETCH_ALLOW_HOSTS: z.string().default(""),
  FFMPEG_PATH: z.string().min(1).default("ffmpeg"),

  /** Music API: tasks of one API key running at once before code 405 (admin settings override). */
  MUSIC_MAX_CONCURRENT_PER_KEY: z.coerce.number().int().min(1).max(1000).default(5),
  /** Music API: requests per minute per API key before code 430 (admin settings override). */
  MUSIC_RATE_PER_MINUTE: z.coerce.number().int().min(1).max(100_000).default(120),
  /** Music API: longest uploaded audio accepted, in seconds (the document's current 8 minutes). */
  MUSIC_MAX_INPUT_SECONDS: z.coerce.number().positive().default(480),
  /** Music API: how long a submit waits to fetch and probe uploadUrl before checking it in the job instead. */
  MUSIC_PROBE_WAIT_SECONDS: z.coerce.number().min(0).default(10),
  /** Webhooks and callbacks: attempts per event, first retry delay (doubling), and per-attempt timeout. */
  WEBHOOK_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(20).default(8),
  WEBHOOK_BACKOFF_SECONDS: z.coerce.number().min(0).default(10),
  WEBHOOK_TIMEOUT_SECONDS: z.coerce.number().positive().default(15),
  FFPROBE_PATH: z.string().min(1).default("ffprobe"),
  /** Parsing the same short-video link again within this many hours (same team) reuses the earlier
   * result instead of charging again; 0 turns reuse off. */
  SHORT_VIDEO_REUSE_HOURS: z.coerce
    .number()
    .min(0)
    .max(24 * 365)
    .default(24),
  /** Tests only: loopback fixture hosts mapped to platforms, "127.0.0.1:PORT=douyin,…". */
  SHORT_VIDEO_HOST_MAP: z
    .string()
    .regex(/^\s*([^=,\s]+\s*=\s*[a-z]+\s*(,\s*|$))*$/i, {
      error: "must be host:port=platform pairs separated by commas",
    })
    .default(""),
  /** extract-text: engines tried in this order (subtitles, openai, pocketsphinx), comma-separated. */
  TRANSCRIBE_ENGINES: z
    .string()
    .regex(/^\s*(subtitles|openai|pocketsphinx)(\s*,\s*(subtitles|openai|pocketsphinx))*\s*$/, {
      error: "must list subtitles, openai and/or pocketsphinx, comma-separated",
    })
    .default("subtitles,openai,pocketsphinx"),
  /** OpenAI-compatible transcription server, e.g. http://127.0.0.1:8080/v1 (admin settings override). */
  TRANSCRIBE_BASE_URL: z
    .url({ protocol: /^https?$/, error: "must be a full http(s) URL such as https://api.openai.com/v1" })
    .optional(),
  TRANSCRIBE_API_KEY: z.string().optional(),
  TRANSCRIBE_MODEL: z.string().min(1).default("whisper-1"),
  /** ISO-639-1 hint sent to the server ("en", "zh"); unset lets the server detect the language. */
  TRANSCRIBE_LANGUAGE: z
    .string()
    .regex(/^[a-z]{2,3}$/i, { error: "must be a language code such as en or zh" })
    .optional(),
  /** Largest piece uploaded in one request; longer media is cut at silences to stay under it. */
  TRANSCRIBE_MAX_UPLOAD_MB: z.coerce.number().positive().max(1024).default(24),
  TRANSCRIBE_CONCURRENCY: z.coerce.number().int().min(1).max(16).default(2),
  TRANSCRIBE_TIMEOUT_SECONDS: z.coerce.number().positive().default(600),
  /** Attempts per piece on 429/5xx/network errors (retry-after honoured, capped at 60 s). */
  TRANSCRIBE_MAX_ATTEMPTS: z.coerce.number().int().min(1).max(10).default(4),
  POCKETSPHINX_PATH: z.string().min(1).default("pocketsphinx_continuous"),
  POCKETSPHINX_MODEL_DIR: z.string().min(1).default("/usr/share/pocketsphinx/model/en-us"),
  /** Path of the separation worker script, when the bundled server cannot find worker.mjs itself. */
  MIXDESK_SEPARATION_WORKER: z.string().optional(),
  /** Where ONNX separation models (*.onnx, optional *.json sidecars) live; default DATA_DIR/models. */
  MODELS_DIR: z.string().optional(),
  /** Where `npm run models -- install` downloads from instead of the catalogue's release URL (a
   * mirror; in tests a loopback server, which FETCH_ALLOW_HOSTS must then allow). Ends with "/". */
  MODELS_DOWNLOAD_BASE: z.url({ protocol: /^https?$/, error: "must be a full http(s) URL" }).optional(),
  /** Largest model file a download may be. */
  MODELS_MAX_MB: z.coerce.number().positive().default(1024),
  /** Threads one ONNX separation uses (each running order has its own worker thread). */
  ONNX_THREADS: z.coerce.number().int().min(1).max(64).default(1),
});

export type Env = z.infer<typeof schema> & { AUTH_SECRET: string; PUBLIC_BASE_URL: string };

export function parseEnv(source: Record<string, string | undefined>): Env {
  // An empty (or blank) variable counts as unset, so `FOO=` in .env falls back to the default.
  const cleaned = Object.fromEntries(
    Object.keys(schema.shape).map((k) => [k, source[k]?.trim() === "" ? undefined : source[k]]),
  );
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((i) => `  ${i.path.join(".")}: ${i.message}`);
    throw new Error(`Invalid configuration:\n${lines.join("\n")}`);
  }
  const env = parsed.data;
  if (!env.AUTH_SECRET) {
    if (env.NODE_ENV === "production" && source.NEXT_PHASE !== "phase-production-build") {
      throw new Error("Invalid configuration:\n  AUTH_SECRET: is required in production (run `npm run setup`)");
    }
  }
  if (env.RELAY_MASTER_KEY && env.AUTH_SECRET && env.RELAY_MASTER_KEY === env.AUTH_SECRET)
    throw new Error("Invalid configuration:\n  RELAY_MASTER_KEY: must not be the session secret (AUTH_SECRET)");
  if (env.STORAGE === "s3") {
    const missing = (["S3_ENDPOINT", "S3_BUCKET", "S3_ACCESS_KEY_ID", "S3_SECRET_ACCESS_KEY"] as const).filter(
      (k) => !env[k],
    );
    if (missing.length)
      throw new Error(
        `Invalid configuration:\n${missing.map((k) => `  ${k}: is required when STORAGE=s3`).join("\n")}`,
      );
  }
  return {
    ...env,
    AUTH_SECRET: env.AUTH_SECRET ?? "development-only-secret-do-not-use-in-production",
    PUBLIC_BASE_URL: (env.PUBLIC_BASE_URL ?? env.NEXTAUTH_URL ?? "http://localhost:3000").replace(/\/$/, ""),
  };
}

const KEYS = [...Object.keys(schema.shape), "NEXT_PHASE"];
let cached: { env: Env; raw: (string | undefined)[] } | undefined;
const frozen = process.env.NODE_ENV === "production" && !process.env.VITEST;

/**
 * The validated configuration. Parsed on first use and again only when one of its variables has
 * changed since (tests set variables per file with vi.stubEnv), so reading it is cheap.
 */
export function env(): Env {
  // A production server's environment is fixed once it starts: after the first parse, reading the
  // configuration costs nothing (comparing ~60 variables costs 30–40 µs, several times a request).
  if (cached && frozen) return cached.env;
  const raw = KEYS.map((k) => process.env[k]);
  if (!cached || raw.some((v, i) => v !== cached?.raw[i])) cached = { env: parseEnv(process.env), raw };
  return cached.env;
}
