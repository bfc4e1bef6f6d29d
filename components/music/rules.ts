// The upload-extend form's rules (specs/upload-extend-api.md) and the browser JSON API's shapes.
// Written before the server's lib/contracts/music.ts existed; when it lands these should become
// imports from there so the form and the server cannot drift.
import { z } from "zod";

export const MUSIC_MODELS = ["V3_5", "V4", "V4_5", "V4_5PLUS", "V5"] as const;
export type MusicModel = (typeof MUSIC_MODELS)[number];

/** Character limits of the custom-mode text fields per model. */
export const TEXT_LIMITS: Record<MusicModel, { prompt: number; style: number; title: number }> = {
  V3_5: { prompt: 3000, style: 200, title: 80 },
  V4: { prompt: 3000, style: 200, title: 80 },
  V4_5: { prompt: 5000, style: 1000, title: 100 },
  V4_5PLUS: { prompt: 5000, style: 1000, title: 100 },
  V5: { prompt: 5000, style: 1000, title: 100 },
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
export const LIVE_STATUSES: readonly MusicStatus[] = ["PENDING", "TEXT_SUCCESS", "FIRST_SUCCESS"];
export const isLiveStatus = (s: MusicStatus | undefined) => s === undefined || LIVE_STATUSES.includes(s);
export const isFailedStatus = (s: MusicStatus | undefined) => !!s && !isLiveStatus(s) && s !== "SUCCESS";

export const WEBHOOK_EVENTS = ["order.finished", "order.failed"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

const weight = z.number().min(0, { error: "Must be between 0 and 1" }).max(1, { error: "Must be between 0 and 1" }).optional();

/** The form's values; `durationSec` is the source's measured length, used only for continueAt. */
export const extendFormSchema = z
  .object({
    uploadUrl: z.string().min(1, { error: "Choose the audio to extend" }),
    durationSec: z.number().positive().nullable(),
    model: z.enum(MUSIC_MODELS),
    defaultParamFlag: z.boolean(),
    instrumental: z.boolean(),
    prompt: z.string(),
    style: z.string(),
    title: z.string(),
    continueAt: z.number().nullable(),
    negativeTags: z.string(),
    vocalGender: z.enum(["m", "f"]).optional(),
    styleWeight: weight,
    weirdnessConstraint: weight,
    audioWeight: weight,
  })
  .superRefine((v, ctx) => {
    const limits = TEXT_LIMITS[v.model];
    const need = (path: "prompt" | "style" | "title") =>
      v[path].trim() === "" && ctx.addIssue({ code: "custom", path: [path], message: `${path} is required` });
    const cap = (path: "prompt" | "style" | "title") =>
      v[path].length > limits[path] && ctx.addIssue({ code: "custom", path: [path], message: `${path} must be at most ${limits[path]} characters for ${v.model}` });
    // Default mode inherits style and title from the audio; the spec's guide still asks for a prompt.
    if (v.defaultParamFlag) {
      need("style");
      need("title");
      if (!v.instrumental) need("prompt");
      if (v.continueAt === null) ctx.addIssue({ code: "custom", path: ["continueAt"], message: "continueAt is required" });
    } else need("prompt");
    (["prompt", "style", "title"] as const).forEach(cap);
    if (v.continueAt !== null && (v.continueAt <= 0 || (v.durationSec !== null && v.continueAt >= v.durationSec)))
      ctx.addIssue({ code: "custom", path: ["continueAt"], message: "continueAt must be greater than 0 and less than the audio's length" });
  });
export type ExtendForm = z.infer<typeof extendFormSchema>;

/** The POST /api/music/tasks body: empty optional fields are left out. */
export function toRequestBody(v: ExtendForm) {
  const text = (s: string) => (s.trim() === "" ? undefined : s);
  return {
    uploadUrl: v.uploadUrl,
    model: v.model,
    defaultParamFlag: v.defaultParamFlag,
    instrumental: v.instrumental,
    prompt: text(v.prompt),
    style: v.defaultParamFlag ? text(v.style) : undefined,
    title: v.defaultParamFlag ? text(v.title) : undefined,
    continueAt: v.continueAt ?? undefined,
    negativeTags: text(v.negativeTags),
    vocalGender: v.vocalGender,
    styleWeight: v.styleWeight,
    weirdnessConstraint: v.weirdnessConstraint,
    audioWeight: v.audioWeight,
  };
}

// ── Response shapes of the browser API (replace with `import type` from lib/ once it exists) ──

export type MusicTaskSummary = {
  taskId: string;
  title: string | null;
  model: MusicModel;
  status: MusicStatus;
  createdAt: string;
  cost: number;
  continueAt: number | null;
  durationSec: number | null;
};

export type MusicResult = {
  id: string;
  title: string | null;
  duration: number | null;
  audioUrl: string | null;
  streamAudioUrl: string | null;
  imageUrl: string | null;
  downloadUrl: string | null;
};

export type Delivery = {
  id: string;
  event: string;
  url: string;
  attempt: number;
  status: string;
  responseStatus: number | null;
  error: string | null;
  createdAt: string;
  nextAttemptAt: string | null;
};

export type MusicTaskDetail = {
  taskId: string;
  status: MusicStatus;
  title: string | null;
  model: MusicModel;
  param: string | Record<string, unknown> | null;
  createdAt: string;
  cost: number;
  price: number;
  errorCode: number | null;
  errorMessage: string | null;
  progress: number | null;
  stage: string | null;
  results: MusicResult[];
  deliveries: Delivery[];
};

export type FromUrlUpload = { id: string; pathKey: string; name: string; durationSec: number | null };
export type Peaks = { durationSec: number; peaks: number[] | [number, number][] };
export type MusicQuote = { price: number; balance: number };
export type TeamWebhook = {
  url: string | null;
  events: WebhookEvent[];
  secretHint: string | null;
  deliveries: Delivery[];
};
export type MusicSettings = { musicMaintenance: boolean; musicMaxConcurrentPerKey: number; musicRatePerMinute: number };
