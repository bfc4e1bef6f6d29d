// The transcript of a finished extract-text order as the order page edits it: version 1 is the
// engine's transcript.json (an OrderFile, never changed); each correction is the next
// TranscriptVersion row, a compare-and-set on the version the editor started from (the unique
// (orderId, version) key decides between two editors). Downloads and "Send to a draft" use the
// latest version. Knows nothing of HTTP.
import "server-only";
import { UPLOAD_PREFIX } from "@/lib/contracts/orders";
import { db, isUniqueViolation } from "@/lib/db";
import { conflict, notFound } from "@/lib/errors";
import { signedFileUrl } from "@/lib/storage/files";
import { readStoredText } from "@/lib/storage/store";
import {
  normalizeSegments,
  parseTranscript,
  toSrt,
  toTxt,
  toVtt,
  type Segment,
  type Transcript,
} from "@/lib/transcripts/format";

export type Actor = { userId: string; teamId: string };

export const TRANSCRIPT_FILE = "transcript.json";
const NO_TRANSCRIPT = "This order has no transcript";
export const VERSION_CONFLICT = "The transcript was changed meanwhile; reload to see the latest version";

const VIDEO_NAME = /\.(mp4|m4v|mov|webm|ogv|mkv)$/i;

async function finishedTextOrder(actor: Actor, orderNo: string) {
  const order = await db.order.findFirst({
    where: { orderNo, teamId: actor.teamId, type: "extract-text", status: "finish" },
    include: { files: { where: { name: TRANSCRIPT_FILE, deletedAt: null } } },
  });
  if (!order || order.files.length === 0) throw notFound(NO_TRANSCRIPT);
  return { ...order, transcriptFile: order.files[0] };
}

type Order = Awaited<ReturnType<typeof finishedTextOrder>>;

/** The latest version of the order's transcript and its number. */
async function latest(order: Order): Promise<{ version: number; transcript: Transcript }> {
  const row = await db.transcriptVersion.findFirst({ where: { orderId: order.id }, orderBy: { version: "desc" } });
  if (row) return { version: row.version, transcript: parseTranscript(row.transcript) };
  const text = await readStoredText(order.transcriptFile.path);
  return { version: 1, transcript: parseTranscript(text) };
}

/** Where the browser can play the order's input: a signed URL of the upload (other sources are not ours to serve). */
async function sourceMedia(order: Order) {
  if (!order.pathKey.startsWith(UPLOAD_PREFIX)) return null;
  const upload = await db.upload.findFirst({
    where: { id: order.pathKey.slice(UPLOAD_PREFIX.length), teamId: order.teamId },
  });
  if (!upload) return null;
  return { url: signedFileUrl(upload.path), name: upload.filename, video: VIDEO_NAME.test(upload.filename) };
}

export async function transcriptView(actor: Actor, orderNo: string) {
  const order = await finishedTextOrder(actor, orderNo);
  const [current, rows, media] = await Promise.all([
    latest(order),
    db.transcriptVersion.findMany({
      where: { orderId: order.id },
      orderBy: { version: "desc" },
      select: { version: true, createdAt: true, createdById: true },
    }),
    sourceMedia(order),
  ]);
  const editors = await db.user.findMany({
    where: { id: { in: rows.flatMap((r) => (r.createdById ? [r.createdById] : [])) } },
    select: { id: true, name: true },
  });
  const nameOf = new Map(editors.map((u) => [u.id, u.name]));
  return {
    orderNo,
    version: current.version,
    language: current.transcript.language,
    engine: current.transcript.engine,
    durationSec: current.transcript.durationSec,
    segments: current.transcript.segments,
    versions: [
      ...rows.map((r) => ({
        version: r.version,
        createdAt: r.createdAt.toISOString(),
        by: r.createdById ? (nameOf.get(r.createdById) ?? null) : null,
      })),
      { version: 1, createdAt: order.transcriptFile.createdAt.toISOString(), by: null },
    ],
    media,
  };
}

/** Saves corrected segments as the version after `baseVersion`; 409 when someone saved first. */
export async function saveTranscriptVersion(actor: Actor, orderNo: string, baseVersion: number, segments: Segment[]) {
  const order = await finishedTextOrder(actor, orderNo);
  const current = await latest(order);
  if (current.version !== baseVersion) throw conflict(VERSION_CONFLICT);
  const transcript: Transcript = {
    ...current.transcript,
    segments: normalizeSegments(segments, current.transcript.durationSec || undefined),
  };
  try {
    await db.transcriptVersion.create({
      data: {
        orderId: order.id,
        version: baseVersion + 1,
        transcript: JSON.stringify(parseTranscript(transcript)),
        createdById: actor.userId,
      },
    });
  } catch (error) {
    if (isUniqueViolation(error)) throw conflict(VERSION_CONFLICT);
    throw error;
  }
  return transcriptView(actor, orderNo);
}

export const TRANSCRIPT_FORMATS = ["txt", "srt", "vtt"] as const;
export type TranscriptFormat = (typeof TRANSCRIPT_FORMATS)[number];

const RENDER: Record<TranscriptFormat, { render: (s: Segment[]) => string; type: string; name: string }> = {
  txt: { render: toTxt, type: "text/plain; charset=utf-8", name: "transcript.txt" },
  srt: { render: toSrt, type: "application/x-subrip; charset=utf-8", name: "subtitles.srt" },
  vtt: { render: toVtt, type: "text/vtt; charset=utf-8", name: "subtitles.vtt" },
};

/** The latest version as TXT, SRT or VTT. */
export async function transcriptDownload(actor: Actor, orderNo: string, format: TranscriptFormat) {
  const order = await finishedTextOrder(actor, orderNo);
  const { version, transcript } = await latest(order);
  const r = RENDER[format];
  const [base, ext] = r.name.split(".");
  return {
    body: r.render(transcript.segments),
    contentType: r.type,
    fileName: version > 1 ? `${orderNo}-${base}-v${version}.${ext}` : `${orderNo}-${r.name}`,
  };
}

/** The latest segments (seconds), for "Send to a draft". */
export async function latestSegments(actor: Actor, orderNo: string) {
  const order = await finishedTextOrder(actor, orderNo);
  return { pathKey: order.pathKey, ...(await latest(order)) };
}
