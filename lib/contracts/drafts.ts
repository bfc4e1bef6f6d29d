// The JianYing draft API contract (specs/add-audios-api.md): request bodies the routes parse and
// the responses they answer, which also feed the OpenAPI document. Messages are the spec's.
import { z } from "zod";

const required = (message: string) =>
  z.string({ error: message }).trim().min(1, { error: message }).max(4096, { error: message });

export const createDraftSchema = z.object(
  {
    width: z
      .int({ error: "width必须是1到8192之间的整数" })
      .min(1, { error: "width必须是1到8192之间的整数" })
      .max(8192, { error: "width必须是1到8192之间的整数" })
      .default(1920),
    height: z
      .int({ error: "height必须是1到8192之间的整数" })
      .min(1, { error: "height必须是1到8192之间的整数" })
      .max(8192, { error: "height必须是1到8192之间的整数" })
      .default(1080),
    /** Mixdesk extension (optional): the draft's name, written as JianYing's draft_name. */
    name: z.string().trim().max(100, { error: "name最多100个字符" }).optional(),
  },
  { error: "请求体必须是JSON对象" },
);
export type CreateDraftInput = z.infer<typeof createDraftSchema>;

export const createDraftResponse = z.object({
  draft_url: z.string().describe("<base>/v1/get_draft?draft_id=<id>; pass it to every other draft route"),
  tip_url: z.string().describe("Where to see the draft's files (the get_draft URL)"),
});

/** One element of the audio_infos array (times in microseconds; fractions are truncated). */
export const audioInfoSchema = z.object({
  audio_url: z.string().describe("http(s) URL of the audio file"),
  start: z.number().min(0).describe("Timeline start, µs"),
  end: z.number().describe("Timeline end, µs (> start)"),
  duration: z.number().min(0).describe("Length of the source file, µs (required; a hint: the server measures it)"),
  volume: z.number().min(0).max(1).default(1),
  fade_in: z.number().min(0).default(0),
  fade_out: z.number().min(0).default(0),
  source_start: z
    .number()
    .min(0)
    .default(0)
    .describe(
      "Mixdesk extension: where in the source the clip starts, µs (default 0). When given, source_start + (end − start) must fit in duration; a source_start at or past the measured length is refused",
    ),
});

export const addAudiosSchema = z.object(
  {
    draft_url: required("draft_url是必填项"),
    // A JSON string per the spec; an array is accepted too and read the same way.
    audio_infos: z.union(
      [
        z
          .string({ error: "audio_infos是必填项" })
          .trim()
          .min(1, { error: "audio_infos是必填项" })
          .max(20_000_000, { error: "audio_infos格式错误" }),
        z.array(z.unknown()),
      ],
      { error: "audio_infos是必填项" },
    ),
  },
  { error: "draft_url是必填项" },
);
export type AddAudiosInput = z.infer<typeof addAudiosSchema>;

export const addAudiosResponse = z.object({
  draft_url: z.string(),
  track_id: z.string().describe("The first audio track this call created"),
  track_ids: z
    .array(z.string())
    .describe("Extension: every track this call created (overlapping clips need more than one)"),
  audio_ids: z.array(z.string()).describe("One segment id per audio_infos element, in order"),
  warnings: z
    .array(z.string())
    .optional()
    .describe("Extension: clips cut to their source's measured length, fades shortened"),
});

export const draftRefSchema = z.object({ draft_url: required("draft_url是必填项") }, { error: "draft_url是必填项" });

export const getDraftQuery = z
  .object({ draft_id: z.string().trim().max(4096).optional(), draft_url: z.string().trim().max(4096).optional() })
  .refine((q) => q.draft_id || q.draft_url, { error: "draft_id是必填项" });

export const getDraftResponse = z.object({
  draft_url: z.string(),
  draft_id: z.string(),
  files: z.array(z.string()).describe("Signed URLs of every file of the draft folder (they expire)"),
  paths: z.array(z.string()).describe("Each file's path inside the draft folder, in the order of files"),
  zip_url: z.string().describe("Signed URL of a zip holding the folder <draft_id>/ (it expires)"),
  expires_at: z.string(),
});

export const saveDraftSchema = z.object(
  {
    draft_url: required("draft_url是必填项"),
    draft_folder: z
      .string()
      .trim()
      .max(1000, { error: "draft_folder必须是绝对路径" })
      .refine((v) => v === "" || /^(\/|[A-Za-z]:[\\/]|\\\\)/.test(v), { error: "draft_folder必须是绝对路径" })
      .optional(),
  },
  { error: "draft_url是必填项" },
);

export const saveDraftResponse = z.object({ draft_url: z.string() });

/** One element of add_captions' captions array (times in microseconds; fractions are truncated). */
export const captionInfoSchema = z.object({
  start: z.number().min(0).describe("Timeline start, µs"),
  end: z.number().describe("Timeline end, µs (> start)"),
  text: z.string().describe("The caption (line breaks kept; at most 500 characters, longer ones are shortened)"),
});

/** add_captions' optional style: every caption of the call shares it. */
export const captionStyleSchema = z.object({
  font_size: z.number().optional().describe("JianYing font size, 1–100 (default 8); out of range is clamped"),
  text_color: z.string().optional().describe('"#RRGGBB" (default "#FFFFFF")'),
  position: z
    .union([z.enum(["bottom", "middle", "top"]), z.number()])
    .optional()
    .describe(
      "bottom (default), middle, top, or a vertical offset in half-canvas heights from −1 (bottom edge) to 1 (top edge); out of range is clamped",
    ),
  background_color: z.string().nullable().optional().describe('"#RRGGBB" box behind the text; absent or null = none'),
  background_alpha: z.number().optional().describe("Opacity of the box, 0–1 (default 1)"),
  bold: z.boolean().optional(),
});

export const addCaptionsSchema = z.object(
  {
    draft_url: required("draft_url是必填项"),
    // Like audio_infos: a JSON string of the array, or the array itself.
    captions: z
      .union([z.string().max(20_000_000, { error: "captions格式错误" }), z.array(z.unknown())], {
        error: "captions是必填项",
      })
      .optional()
      .describe("JSON string of an array of CaptionInfo (or the array itself)"),
    style: z
      .union([z.string().max(100_000, { error: "字幕样式无效" }), captionStyleSchema.loose()], {
        error: "字幕样式无效",
      })
      .nullable()
      .optional()
      .describe("CaptionStyle (or a JSON string of it)"),
  },
  { error: "draft_url是必填项" },
);
export type AddCaptionsInput = z.infer<typeof addCaptionsSchema>;

export const addCaptionsResponse = z.object({
  draft_url: z.string(),
  track_id: z.string().describe("The text track this call created"),
  text_ids: z.array(z.string()).describe("One materials.texts id per caption, in the order given"),
  segment_ids: z.array(z.string()).describe("One segment id per caption, in the order given"),
  segment_infos: z
    .array(z.object({ id: z.string(), start: z.number(), end: z.number() }))
    .describe("Where each caption landed, µs (after overlaps were cut)"),
  warnings: z
    .array(z.string())
    .optional()
    .describe("Captions cut where the next one begins, texts shortened, style values clamped"),
});
