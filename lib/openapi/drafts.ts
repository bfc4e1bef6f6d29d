// The JianYing draft routes of the OpenAPI document, from lib/contracts/drafts.ts. Their errors
// are `{"detail": "…"}` with the messages of specs/add-audios-api.md.
import type { z } from "zod";
import {
  addAudiosResponse,
  addAudiosSchema,
  addCaptionsResponse,
  addCaptionsSchema,
  audioInfoSchema,
  captionInfoSchema,
  captionStyleSchema,
  createDraftResponse,
  createDraftSchema,
  getDraftResponse,
  saveDraftResponse,
  saveDraftSchema,
} from "@/lib/contracts/drafts";
import { DRAFT_ERRORS } from "@/lib/drafts/errors";

type Schema = (s: z.ZodType, io?: "input" | "output") => Record<string, unknown>;

const detailBody = (messages: string[]) => ({
  type: "object",
  required: ["detail"],
  properties: { detail: { type: "string", examples: messages } },
});

const errors = (byStatus: Record<string, string[]>) =>
  Object.fromEntries(
    Object.entries({ ...byStatus, "401": ["API Key is required", "Invalid API Key"] }).map(([status, messages]) => [
      status,
      { description: messages.join(" | "), content: { "application/json": { schema: detailBody(messages) } } },
    ]),
  );

const msg = (...codes: (keyof typeof DRAFT_ERRORS)[]) => codes.map((c) => DRAFT_ERRORS[c][1]);

export function draftPaths(schema: Schema) {
  return {
    "/v1/create_draft": {
      post: {
        operationId: "createDraft",
        tags: ["JianYing drafts"],
        summary: "Create an empty JianYing draft",
        requestBody: {
          required: false,
          content: { "application/json": { schema: schema(createDraftSchema, "input") } },
        },
        responses: {
          "200": {
            description: "The new draft",
            content: { "application/json": { schema: schema(createDraftResponse) } },
          },
          ...errors({ "400": ["width必须是1到8192之间的整数", "height必须是1到8192之间的整数"] }),
        },
      },
    },
    "/v1/add_audios": {
      post: {
        operationId: "addAudios",
        tags: ["JianYing drafts"],
        summary: "Add audio clips to a draft",
        description:
          "audio_infos is a JSON string of an array of clips (schema AudioInfo below). Times are microseconds; fractions are truncated. Each clip sits at start on the timeline and plays its source from 0 (or from the Mixdesk extension `source_start`, µs) for end − start; the server measures the file with ffprobe and cuts a clip longer than its source, saying so in `warnings`. Clips that overlap go onto as few new audio tracks as needed: `track_id` is the first, `track_ids` all of them. Each URL is downloaded once per draft. A failing request changes nothing. draft_url may be our own `/v1/get_draft?draft_id=` URL or any URL carrying `draft_id=` or `drafId=`.",
        requestBody: {
          required: true,
          content: { "application/json": { schema: schema(addAudiosSchema, "input") } },
        },
        responses: {
          "200": { description: "Clips added", content: { "application/json": { schema: schema(addAudiosResponse) } } },
          ...errors({
            "400": msg(
              "draftUrlRequired",
              "audioInfosRequired",
              "audioInfosMalformed",
              "audioInvalid",
              "audioUrlRequired",
              "timeRangeInvalid",
              "volumeInvalid",
            ),
            "404": msg("draftNotFound", "audioNotFound"),
            "500": msg("audioFailed"),
          }),
        },
      },
    },
    "/v1/add_captions": {
      post: {
        operationId: "addCaptions",
        tags: ["JianYing drafts"],
        summary: "Add captions to a draft as a JianYing text track",
        description:
          "Mixdesk's extension of the dialect. captions is a JSON string of an array of {start, end, text} (schema CaptionInfo below; the array itself is accepted too); times are microseconds on the draft's timeline, fractions truncated. Every call adds one text track whose captions share `style` (schema CaptionStyle: font_size, text_color, position, background_color, background_alpha, bold). Captions are sorted by start; one still showing when the next begins is cut there, a text over 500 characters is shortened, and style numbers out of range are clamped — each said in `warnings`. Two captions starting at the same instant are refused (时间范围无效). A failing request changes nothing. Errors are `{detail}` as for add_audios.",
        requestBody: {
          required: true,
          content: { "application/json": { schema: schema(addCaptionsSchema, "input") } },
        },
        responses: {
          "200": {
            description: "Captions added",
            content: { "application/json": { schema: schema(addCaptionsResponse) } },
          },
          ...errors({
            "400": msg(
              "draftUrlRequired",
              "captionsRequired",
              "captionsMalformed",
              "captionInvalid",
              "textRequired",
              "timeRangeInvalid",
              "styleInvalid",
            ),
            "404": msg("draftNotFound"),
            "500": msg("captionsFailed"),
          }),
        },
      },
    },
    "/v1/get_draft": {
      get: {
        operationId: "getDraft",
        tags: ["JianYing drafts"],
        summary: "Signed download URLs of the draft folder's files and of its zip",
        parameters: [
          { name: "draft_id", in: "query", required: false, schema: { type: "string" } },
          {
            name: "draft_url",
            in: "query",
            required: false,
            schema: { type: "string" },
            description: "Instead of draft_id",
          },
        ],
        responses: {
          "200": {
            description: "The draft's files (URLs valid for 1 hour)",
            content: { "application/json": { schema: schema(getDraftResponse) } },
          },
          ...errors({ "400": ["draft_id是必填项"], "404": msg("draftNotFound") }),
        },
      },
    },
    "/v1/save_draft": {
      post: {
        operationId: "saveDraft",
        tags: ["JianYing drafts"],
        summary: "Write the draft's JSON; with draft_folder, material paths become absolute for that folder",
        requestBody: { required: true, content: { "application/json": { schema: schema(saveDraftSchema, "input") } } },
        responses: {
          "200": { description: "Saved", content: { "application/json": { schema: schema(saveDraftResponse) } } },
          ...errors({ "400": ["draft_url是必填项", "draft_folder必须是绝对路径"], "404": msg("draftNotFound") }),
        },
      },
    },
  };
}

export const draftComponents = (schema: Schema) => ({
  AudioInfo: schema(audioInfoSchema, "input"),
  CaptionInfo: schema(captionInfoSchema, "input"),
  CaptionStyle: schema(captionStyleSchema, "input"),
});
