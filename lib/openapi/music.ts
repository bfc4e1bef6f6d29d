// The Music API (Suno-style upload-extend) routes of the OpenAPI document. Every answer is HTTP 200
// with `{code, msg, data}`; `code` follows sunoapi.org's table. Callbacks are described as an
// OpenAPI webhook.
import type { z } from "zod";
import { MODEL_LIMITS, MUSIC_CODES, MUSIC_MODELS, MUSIC_STATUSES, recordInfoSchema } from "@/lib/contracts/music";

type Schema = (s: z.ZodType, io?: "input" | "output") => Record<string, unknown>;

const CODE_TABLE =
  "Business codes (always HTTP 200): 200 success · 400 invalid parameter (the message names the field) · 401 missing or invalid API key · 404 wrong method or path, or unknown taskId · 405 too many tasks running for this key · 413 prompt/style/title too long for the model · 429 insufficient credits · 430 request rate of this key too high · 455 maintenance · 500 unexpected server error.";

const envelope = (data: Record<string, unknown>) => ({
  type: "object",
  required: ["code", "msg", "data"],
  properties: { code: { type: "integer", enum: [...MUSIC_CODES] }, msg: { type: "string" }, data },
});

const limits = MUSIC_MODELS.map(
  (m) => `${m}: prompt ${MODEL_LIMITS[m].prompt}, style ${MODEL_LIMITS[m].style}, title ${MODEL_LIMITS[m].title}`,
).join("; ");

const weight = (description: string) => ({
  type: "number",
  minimum: 0,
  maximum: 1,
  multipleOf: 0.01,
  description,
  examples: [0.65],
});

const uploadExtendBody = {
  type: "object",
  required: ["uploadUrl", "defaultParamFlag", "model"],
  properties: {
    uploadUrl: {
      type: "string",
      description:
        "http(s) URL of the audio (at most 8 minutes; 1 minute on V4_5ALL), or `upload:<id>` of a file uploaded in the browser.",
      examples: ["https://example.com/song.mp3"],
    },
    defaultParamFlag: {
      type: "boolean",
      description:
        "true: custom parameters (style and title; prompt too unless instrumental, used as exact lyrics). false: prompt only; the rest follows the audio.",
    },
    model: {
      type: "string",
      enum: [...MUSIC_MODELS],
      description: `The document's V3_5, V4, V4_5, V4_5PLUS, V5 and the later names. Character limits — ${limits}.`,
    },
    callBackUrl: {
      type: "string",
      format: "uri",
      description: "Optional here (the vendors require it). Receives the `first`, `complete` and `error` callbacks.",
    },
    instrumental: { type: "boolean", default: false },
    prompt: { type: "string" },
    style: { type: "string" },
    title: { type: "string" },
    continueAt: {
      type: "number",
      exclusiveMinimum: 0,
      description: "Seconds into the audio to extend from; less than its length. Absent: extend from the end.",
    },
    negativeTags: { type: "string" },
    vocalGender: { type: "string", enum: ["m", "f"] },
    styleWeight: weight("Style adherence"),
    weirdnessConstraint: weight("Creativity constraint"),
    audioWeight: weight("Audio consistency weight"),
  },
};

const callbackItem = {
  type: "object",
  properties: Object.fromEntries(
    [
      "id",
      "audio_url",
      "source_audio_url",
      "stream_audio_url",
      "source_stream_audio_url",
      "image_url",
      "source_image_url",
      "prompt",
      "model_name",
      "title",
      "tags",
      "createTime",
    ]
      .map((k) => [k, { type: "string" }])
      .concat([["duration", { type: "number" }]] as never),
  ),
};

export function musicPaths(schema: Schema) {
  const tags = ["Music API (Suno-style)"];
  return {
    "/api/v1/generate/upload-extend": {
      post: {
        operationId: "uploadExtend",
        tags,
        summary: "Upload and extend audio",
        description: `Holds the task's price, fetches and measures the audio (within MUSIC_PROBE_WAIT_SECONDS; a slower link is checked by the task, which then fails as CREATE_TASK_FAILED), and answers the taskId. ${CODE_TABLE}`,
        requestBody: { required: true, content: { "application/json": { schema: uploadExtendBody } } },
        responses: {
          "200": {
            description: "`data.taskId` on code 200; `data: null` otherwise",
            content: {
              "application/json": {
                schema: envelope({
                  oneOf: [{ type: "object", properties: { taskId: { type: "string" } } }, { type: "null" }],
                }),
              },
            },
          },
        },
      },
    },
    "/api/v1/generate/record-info": {
      get: {
        operationId: "recordInfo",
        tags,
        summary: "A task's status and results",
        description: `status: ${MUSIC_STATUSES.join(", ")}. Links are valid until the results are deleted 14 days after the task finished; after that \`expired\` is true, sunoData is empty and errorMessage says so. An unknown taskId or one of another team is code 404.`,
        parameters: [{ name: "taskId", in: "query", required: true, schema: { type: "string" } }],
        responses: {
          "200": {
            description: "The task",
            content: { "application/json": { schema: envelope(schema(recordInfoSchema)) } },
          },
        },
      },
    },
    "/api/v1/generate/credit": {
      get: {
        operationId: "credit",
        tags,
        summary: "The key owner's available credits",
        responses: {
          "200": {
            description: "An integer",
            content: { "application/json": { schema: envelope({ type: "integer" }) } },
          },
        },
      },
    },
  };
}

export const musicWebhooks = {
  musicCallback: {
    post: {
      summary: "Music task callback (to callBackUrl)",
      description:
        'POSTed at `first` (one track ready), `complete` (all ready) and `error` (failed; data.data empty). Signed: `X-Mixdesk-Signature: v1=<hex HMAC-SHA256 of "<X-Mixdesk-Timestamp>.<raw body>" with the team\'s webhook secret>`; also `X-Mixdesk-Event` and `X-Mixdesk-Delivery` (same id on every retry). Answer 2xx within 15 s; otherwise retried with exponential backoff (10 s, 20 s, 40 s… by default), at most 8 attempts.',
      requestBody: {
        content: {
          "application/json": {
            schema: {
              type: "object",
              properties: {
                code: {
                  type: "integer",
                  description:
                    "200, or the task's errorCode on `error` (400 bad input, 408 timeout, 501 generation failed)",
                },
                msg: { type: "string" },
                data: {
                  type: "object",
                  properties: {
                    callbackType: { type: "string", enum: ["first", "complete", "error"] },
                    task_id: { type: "string" },
                    data: { type: "array", items: callbackItem },
                  },
                },
              },
            },
          },
        },
      },
      responses: { "200": { description: "Received" } },
    },
  },
};
