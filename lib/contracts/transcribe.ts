// Admin settings of the extract-text transcription server (browser and server share these).
import { z } from "zod";

export const transcribeSettingsSchema = z.object({
  /** Base URL of an OpenAI-compatible server ("https://api.openai.com/v1"); null: use TRANSCRIBE_BASE_URL. */
  baseUrl: z.union([z.url({ protocol: /^https?$/ }).max(500), z.null()]),
  model: z.string().trim().min(1).max(100).nullable(),
  language: z
    .string()
    .trim()
    .regex(/^[a-z]{2,3}$/i)
    .nullable(),
});

export const updateTranscribeSettingsSchema = transcribeSettingsSchema.partial().extend({
  /** A new key (stored encrypted); null removes the stored key; absent keeps it. */
  apiKey: z.string().trim().min(1).max(500).nullable().optional(),
});
export type UpdateTranscribeSettings = z.infer<typeof updateTranscribeSettingsSchema>;

/** What the admin page shows: the stored values, what applies after env fallbacks, never the key. */
export type TranscribeSettingsView = z.infer<typeof transcribeSettingsSchema> & {
  apiKeySet: boolean;
  apiKeyHint: string | null;
  effective: { baseUrl: string | null; model: string; language: string | null; apiKeySet: boolean; engines: string[] };
};
