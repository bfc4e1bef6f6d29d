// The Music API (Suno-style upload-extend) contract: specs/upload-extend-api.md, with the readings of
// research/suno-extend.md §5 chosen here. Shape checks (types) are zod; the document's cross-field
// rules live in lib/music/validate.ts because their codes differ (400 vs 413).
import { z } from "zod";

/** The document's enum (V3_5…V5) plus the later names the research brief found on newer pages. */
export const MUSIC_MODELS = [
  "V3_5",
  "V4",
  "V4_5",
  "V4_5PLUS",
  "V4_5ALL",
  "V5",
  "V5_5",
  "V6",
  "V6_WILD",
  "V6_MINI",
] as const;
export type MusicModel = (typeof MUSIC_MODELS)[number];

/** Character limits per model (custom mode); V4_5ALL per research §1.2, the V6 family like V5. */
export const MODEL_LIMITS: Record<MusicModel, { prompt: number; style: number; title: number; maxInputSec?: number }> =
  {
    V3_5: { prompt: 3000, style: 200, title: 80 },
    V4: { prompt: 3000, style: 200, title: 80 },
    V4_5: { prompt: 5000, style: 1000, title: 100 },
    V4_5PLUS: { prompt: 5000, style: 1000, title: 100 },
    V4_5ALL: { prompt: 5000, style: 1000, title: 80, maxInputSec: 60 },
    V5: { prompt: 5000, style: 1000, title: 100 },
    V5_5: { prompt: 5000, style: 1000, title: 100 },
    V6: { prompt: 5000, style: 1000, title: 100 },
    V6_WILD: { prompt: 5000, style: 1000, title: 100 },
    V6_MINI: { prompt: 5000, style: 1000, title: 100 },
  };

export const MUSIC_STATUSES = [
  "PENDING",
  "TEXT_SUCCESS",
  "FIRST_SUCCESS",
  "SUCCESS",
  "CREATE_TASK_FAILED",
  "GENERATE_AUDIO_FAILED",
  "CALLBACK_EXCEPTION",
  "SENSITIVE_WORD_ERROR",
] as const;
export type MusicStatus = (typeof MUSIC_STATUSES)[number];
export const MUSIC_FAILED: readonly MusicStatus[] = [
  "CREATE_TASK_FAILED",
  "GENERATE_AUDIO_FAILED",
  "CALLBACK_EXCEPTION",
  "SENSITIVE_WORD_ERROR",
];

/** The sunoapi.org business codes (research §1.3): the only codes this dialect answers with. */
export const MUSIC_CODES = [200, 400, 401, 404, 405, 413, 429, 430, 455, 500] as const;
export type MusicCode = (typeof MUSIC_CODES)[number];

/** The upload-extend body: loose on purpose (unknown fields are kept in `param` but ignored). */
export type UploadExtendBody = {
  uploadUrl?: unknown;
  defaultParamFlag?: unknown;
  model?: unknown;
  callBackUrl?: unknown;
  instrumental?: unknown;
  prompt?: unknown;
  style?: unknown;
  title?: unknown;
  continueAt?: unknown;
  negativeTags?: unknown;
  vocalGender?: unknown;
  styleWeight?: unknown;
  weirdnessConstraint?: unknown;
  audioWeight?: unknown;
  personaId?: unknown;
  personaModel?: unknown;
};

/** A request that passed validation. */
export type UploadExtendInput = {
  uploadUrl: string;
  defaultParamFlag: boolean;
  model: MusicModel;
  callBackUrl: string | null;
  instrumental: boolean;
  prompt: string | null;
  style: string | null;
  title: string | null;
  continueAt: number | null;
  negativeTags: string | null;
  vocalGender: "m" | "f" | null;
  styleWeight: number | null;
  weirdnessConstraint: number | null;
  audioWeight: number | null;
};

export const sunoItemSchema = z.object({
  id: z.string(),
  audioUrl: z.string(),
  streamAudioUrl: z.string(),
  imageUrl: z.string(),
  prompt: z.string(),
  modelName: z.string(),
  title: z.string(),
  tags: z.string(),
  createTime: z.string().describe("YYYY-MM-DD HH:MM:SS (UTC)"),
  duration: z.number(),
});

export const recordInfoSchema = z.object({
  taskId: z.string(),
  parentMusicId: z.string(),
  param: z.string().describe("The request body as a JSON string"),
  response: z.object({ taskId: z.string(), sunoData: z.array(sunoItemSchema) }),
  status: z.enum(MUSIC_STATUSES),
  type: z.string(),
  operationType: z.literal("upload_extend"),
  errorCode: z.int().nullable(),
  errorMessage: z.string().nullable(),
  expired: z.boolean().describe("Mixdesk: true once the 14-day retention has passed and the files are gone"),
});

export const recordInfoQuerySchema = z.object({ taskId: z.string().optional() });

// Browser routes.
export const musicQuoteQuerySchema = z.object({ model: z.enum(MUSIC_MODELS).default("V4_5") });

export const settingsSchema = z.object({
  musicMaintenance: z.boolean(),
  musicMaxConcurrentPerKey: z.int().min(1).max(1000),
  musicRatePerMinute: z.int().min(1).max(100_000),
});
export type MusicSettings = z.infer<typeof settingsSchema>;
export const updateSettingsSchema = settingsSchema.partial();

export const WEBHOOK_EVENTS = ["order.finished", "order.failed"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

export const webhookUrlSchema = z
  .string()
  .trim()
  .max(2048, { error: "The URL is too long" })
  .regex(/^https?:\/\/[^\s]+$/i, { error: "Enter an http(s) URL" });

export const updateWebhookSchema = z.object({
  url: z.union([webhookUrlSchema, z.literal(""), z.null()]).transform((v) => (v ? v : null)),
  events: z
    .array(z.enum(WEBHOOK_EVENTS))
    .max(2)
    .default([...WEBHOOK_EVENTS]),
});

export const fromUrlSchema = z.object({
  url: z
    .string({ error: "url is required" })
    .trim()
    .min(1, { error: "url is required" })
    .max(4096, { error: "url is too long" })
    .regex(/^https?:\/\/[^\s]+$/i, { error: "url must be an http(s) link" }),
});

export const peaksQuerySchema = z.object({ points: z.coerce.number().int().min(10).max(4000).default(800) });
