// The transcript files of a finished extract-text order, read for the order query's inline text.
import "server-only";
import { db } from "@/lib/db";
import { readStoredText } from "@/lib/storage/store";
import { parseTranscript, toTxt } from "@/lib/transcripts/format";

/** Inline text is capped so one query answer stays small; the file itself has everything. */
export const INLINE_TEXT_MAX_CHARS = 100_000;

type FileRow = { business: string; path: string; createdAt?: Date };

const cap = (text: string) => (text.length > INLINE_TEXT_MAX_CHARS ? text.slice(0, INLINE_TEXT_MAX_CHARS) : text);

/**
 * The transcript's latest text: the newest correction saved on the order page (TranscriptVersion)
 * when there is one, else the engine's `text` file; null when neither can be read.
 */
export async function inlineTranscriptText(orderId: string, files: FileRow[]): Promise<string | null> {
  const corrected = await db.transcriptVersion.findFirst({ where: { orderId }, orderBy: { version: "desc" } });
  if (corrected) return cap(toTxt(parseTranscript(corrected.transcript).segments));
  const texts = files.filter((f) => f.business === "text");
  const latest = texts.sort((a, b) => (b.createdAt?.getTime() ?? 0) - (a.createdAt?.getTime() ?? 0))[0];
  if (!latest) return null;
  try {
    return cap(await readStoredText(latest.path));
  } catch {
    return null; // the file was removed by retention: the query still answers
  }
}
