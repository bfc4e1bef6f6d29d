// The transcript files of a finished extract-text order, read for the order query's inline text.
import "server-only";
import fs from "node:fs";
import { resolveData } from "@/lib/storage/files";

/** Inline text is capped so one query answer stays small; the file itself has everything. */
export const INLINE_TEXT_MAX_CHARS = 100_000;

type FileRow = { business: string; path: string; createdAt?: Date };

/** The newest `text` file's content (a corrected version, when there is one), or null. */
export async function inlineTranscriptText(files: FileRow[]): Promise<string | null> {
  const texts = files.filter((f) => f.business === "text");
  const latest = texts.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
  if (!latest) return null;
  try {
    const text = await fs.promises.readFile(resolveData(latest.path), "utf8");
    return text.length > INLINE_TEXT_MAX_CHARS ? text.slice(0, INLINE_TEXT_MAX_CHARS) : text;
  } catch {
    return null; // the file was removed by retention: the query still answers
  }
}
