// The order page's transcript routes: saving a corrected version, downloading, sending to a draft.
import { z } from "zod";

export const transcriptSegmentSchema = z.object({
  start: z.number().finite().min(0),
  end: z.number().finite().min(0),
  text: z.string().max(2000),
});

export const saveTranscriptSchema = z.object({
  /** The version the editor started from; saving on an older one is a 409. */
  baseVersion: z.int().min(1),
  segments: z.array(transcriptSegmentSchema).min(1).max(20_000),
});
export type SaveTranscriptInput = z.infer<typeof saveTranscriptSchema>;

export const transcriptDownloadQuery = z.object({ format: z.enum(["txt", "srt", "vtt"]) });

export const sendToDraftSchema = z.object({
  draftId: z.string().trim().min(1).max(64),
  /** An audio clip of the draft to align to; without it captions are shifted by offsetUs. */
  clipId: z.string().trim().min(1).max(64).nullish(),
  offsetUs: z
    .int()
    .min(0)
    .max(Number.MAX_SAFE_INTEGER / 4)
    .optional(),
  style: z
    .object({
      font_size: z.number().optional(),
      text_color: z.string().max(7).optional(),
      position: z.union([z.enum(["bottom", "middle", "top"]), z.number()]).optional(),
      background_color: z.string().max(7).nullish(),
      background_alpha: z.number().optional(),
      bold: z.boolean().optional(),
    })
    .optional(),
});
export type SendToDraftInput = z.infer<typeof sendToDraftSchema>;
