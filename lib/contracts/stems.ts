// The order page's stem downloads: one stem or all of them (a zip), in a chosen format.
import { z } from "zod";
import { DOWNLOAD_FORMATS } from "@/lib/contracts/download-formats";

export { DOWNLOAD_FORMATS, type DownloadFormat } from "@/lib/contracts/download-formats";

export const stemDownloadQuery = z.object({
  format: z.enum(DOWNLOAD_FORMATS, { error: `format must be one of ${DOWNLOAD_FORMATS.join(", ")}` }).default("mp3"),
  /** A stem's `business` (vocals, accompaniment…); absent = every stem in one zip. */
  stem: z.string().trim().min(1).max(64).optional(),
});
