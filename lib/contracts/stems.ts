// The order page's stem downloads: one stem or all of them (a zip), in a chosen format.
import { z } from "zod";

export const DOWNLOAD_FORMATS = ["mp3", "wav", "flac"] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];

export const stemDownloadQuery = z.object({
  format: z.enum(DOWNLOAD_FORMATS, { error: `format must be one of ${DOWNLOAD_FORMATS.join(", ")}` }).default("mp3"),
  /** A stem's `business` (vocals, accompaniment…); absent = every stem in one zip. */
  stem: z.string().trim().min(1).max(64).optional(),
});
