// Stem download formats, without zod: the order page imports this, and the schema below it.
export const DOWNLOAD_FORMATS = ["mp3", "wav", "flac"] as const;
export type DownloadFormat = (typeof DOWNLOAD_FORMATS)[number];
