// The team's media library: every audio/video item the team has, from three tables, as one list
// newest first — uploads (files, links fetched, short-video saves), order results (separation
// stems, music results, Studio exports) and audio already in drafts. Studio's media bin and the
// Files page read it; each item is named by its MediaRef, which `resolveMedia` checks on every use.
//
// Durations: a row's stored `durationUs` (measured once from the decoded samples). Items without
// one are measured in the background, one at a time, never inline in a list call; the peaks
// request measures too (it decodes the file anyway), and `libraryItem` measures on demand.
import "server-only";
import path from "node:path";
import { z } from "zod";
import { db, textContains } from "@/lib/db";
import { badRequest } from "@/lib/errors";
import { parseMediaRef, resolveMedia } from "@/lib/library/resolve";
import { MediaError } from "@/lib/media/ffmpeg";
import { peaksOf } from "@/lib/media/peaks";
import { downloadName } from "@/lib/orders/download-name";
import { signedQuery } from "@/lib/storage/files";
import type { MediaRef } from "@/lib/studio/types";

export const LIBRARY_KINDS = ["upload", "stem", "music", "export", "material"] as const;
/** upload: a file the team added; stem: a separation result; music: an extended song; export: a Studio mix; material: audio in a draft. */
export type LibraryKind = (typeof LIBRARY_KINDS)[number];
/** How the item arrived: file upload, link fetched, short-video save, an order's result, a draft's material. */
export const LIBRARY_SOURCES = ["file", "link", "short-video", "order", "draft"] as const;
export type LibrarySourceType = (typeof LIBRARY_SOURCES)[number];

export type LibraryItem = {
  ref: MediaRef;
  name: string;
  kind: LibraryKind;
  /** True for a video file (its first audio track is what plays). */
  video: boolean;
  source: { type: LibrarySourceType /** orderNo, draft id or short-video parse id. */; id: string | null };
  durationUs: number | null;
  bytes: number | null;
  createdAt: Date;
  addedBy: { id: string; name: string };
  /** Same-origin signed URL of the file (valid 1 hour). */
  url: string;
};

export const libraryQuerySchema = z.object({
  q: z.string().trim().max(200).optional(),
  kind: z.enum(LIBRARY_KINDS).optional(),
  source: z.enum(LIBRARY_SOURCES).optional(),
  cursor: z.string().max(200).optional(),
  limit: z.coerce.number().int().min(1).max(100).default(50),
});
export type LibraryQuery = z.input<typeof libraryQuerySchema>;

export const libraryRefSchema = z.object({
  ref: z.string().trim().min(1, { error: "ref is required" }).max(100),
});

export const peaksQuerySchema = libraryRefSchema.extend({
  spp: z.coerce
    .number()
    .int()
    .min(1)
    .max(1 << 30)
    .default(256),
});

const VIDEO_EXT = /\.(mp4|mov|m4v|webm|mkv|flv|avi)$/i;
const fileUrl = (rel: string) => `/api/files/${rel.split("/").map(encodeURIComponent).join("/")}?${signedQuery(rel)}`;
const usOf = (v: bigint | null) => (v === null ? null : Number(v));
const stem = (name: string) => name.replace(/\.[A-Za-z0-9]{1,5}$/, "");

// ---- Paging over three tables ------------------------------------------------------------------
// Order: createdAt desc, then ref desc. The cursor is the last item's (createdAt, ref); each table
// is asked for its next `limit + 1` rows after it and the merge keeps the first `limit`.

type Cursor = { at: Date; ref: string };

function encodeCursor(item: LibraryItem): string {
  return Buffer.from(`${item.createdAt.toISOString()}|${item.ref}`).toString("base64url");
}

function decodeCursor(raw: string | undefined): Cursor | null {
  if (!raw) return null;
  const [at, ref] = Buffer.from(raw, "base64url").toString("utf8").split("|");
  const date = new Date(at ?? "");
  if (Number.isNaN(date.getTime()) || !ref || !parseMediaRef(ref)) throw badRequest("cursor is not valid");
  return { at: date, ref };
}

/** `where` on (createdAt, id) for rows after the cursor, for a table whose refs start with `prefix:`. */
function after(cursor: Cursor | null, prefix: string) {
  if (!cursor) return {};
  const sameInstant = cursor.ref.startsWith(`${prefix}:`)
    ? [{ createdAt: cursor.at, id: { lt: cursor.ref.slice(prefix.length + 1) } }]
    : `${prefix}:` < cursor.ref
      ? [{ createdAt: cursor.at }]
      : [];
  return { OR: [{ createdAt: { lt: cursor.at } }, ...sameInstant] };
}

const newestFirst = (a: LibraryItem, b: LibraryItem) =>
  b.createdAt.getTime() - a.createdAt.getTime() || (a.ref < b.ref ? 1 : a.ref > b.ref ? -1 : 0);

type Actor = { userId: string; teamId: string };
/** One page's filter, or one row by id. */
type Filter = { q?: string; cursor: Cursor | null; id?: string; source?: LibrarySourceType };

/** Uploads by how they arrived; rows from before `source` existed count as file uploads. */
const uploadSource = (source: LibrarySourceType | undefined) =>
  !source ? {} : source === "file" ? { OR: [{ source: "file" }, { source: null }] } : { source };

async function uploadItems(teamId: string, { q, cursor, id, source }: Filter, take: number) {
  const rows = await db.upload.findMany({
    where: {
      teamId,
      ...(id ? { id } : {}),
      ...(q ? { filename: textContains(q) } : {}),
      ...after(cursor, "upload"),
      AND: [uploadSource(source)],
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    include: { user: { select: { id: true, name: true } } },
  });
  // Short-video saves from before Upload.source existed are found through their parse.
  const legacy = rows.filter((r) => r.source === null).map((r) => r.id);
  const parses = legacy.length
    ? await db.shortVideoParse.findMany({
        where: { teamId, OR: [{ videoUploadId: { in: legacy } }, { audioUploadId: { in: legacy } }] },
        select: { id: true, videoUploadId: true, audioUploadId: true },
      })
    : [];
  const parseOf = (id: string) => parses.find((p) => p.videoUploadId === id || p.audioUploadId === id);
  return rows.map((u): LibraryItem => {
    const parse = parseOf(u.id);
    const type = (u.source as LibrarySourceType | null) ?? (parse ? "short-video" : "file");
    return {
      ref: `upload:${u.id}`,
      name: u.filename,
      kind: "upload",
      video: VIDEO_EXT.test(u.filename) || parse?.videoUploadId === u.id,
      source: { type, id: parse?.id ?? null },
      durationUs: usOf(u.durationUs),
      bytes: u.bytes,
      createdAt: u.createdAt,
      addedBy: u.user,
      url: fileUrl(u.path),
    };
  });
}

const KIND_OF_ORDER = (type: string): LibraryKind =>
  type === "studio-export" ? "export" : type === "upload-extend" ? "music" : "stem";

async function resultItems(teamId: string, { q, cursor, id }: Filter, kind: LibraryKind | undefined, take: number) {
  const typeFilter =
    kind === "export"
      ? { type: "studio-export" }
      : kind === "music"
        ? { type: "upload-extend" }
        : kind === "stem"
          ? { type: { notIn: ["studio-export", "upload-extend"] } }
          : {};
  const rows = await db.orderFile.findMany({
    where: {
      deletedAt: null,
      ...(id ? { id } : {}),
      order: { teamId, ...typeFilter },
      ...(q
        ? { OR: [{ name: textContains(q) }, { label: textContains(q) }, { order: { title: textContains(q) } }] }
        : {}),
      ...after(cursor, "file"),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    include: {
      order: {
        select: { orderNo: true, title: true, type: true, pathKey: true, user: { select: { id: true, name: true } } },
      },
    },
  });
  // Stems are named after the order (`<title> - vocals.mp3`, the rule of its downloads); orders from
  // before titles existed after their input, so a list of them reads.
  const inputIds = rows.flatMap((r) => {
    const ref = parseMediaRef(r.order.pathKey);
    return ref?.kind === "upload" ? [ref.id] : [];
  });
  const inputs = inputIds.length
    ? await db.upload.findMany({ where: { id: { in: inputIds }, teamId }, select: { id: true, filename: true } })
    : [];
  const inputName = (pathKey: string, orderNo: string) => {
    const ref = parseMediaRef(pathKey);
    const upload = ref?.kind === "upload" && inputs.find((u) => u.id === ref.id);
    if (upload) return stem(upload.filename);
    try {
      const base = decodeURIComponent(path.posix.basename(new URL(pathKey).pathname));
      return stem(base) || orderNo;
    } catch {
      return orderNo;
    }
  };
  return rows.map((f): LibraryItem => {
    const itemKind = KIND_OF_ORDER(f.order.type);
    return {
      ref: `file:${f.id}`,
      name:
        f.label ??
        (itemKind === "stem"
          ? downloadName({ ...f.order, title: f.order.title ?? inputName(f.order.pathKey, f.order.orderNo) }, f)
          : f.name),
      kind: itemKind,
      video: false,
      source: { type: "order", id: f.order.orderNo },
      durationUs: usOf(f.durationUs),
      bytes: f.bytes,
      createdAt: f.createdAt,
      addedBy: f.order.user,
      url: fileUrl(f.path),
    };
  });
}

async function materialItems(teamId: string, { q, cursor, id }: Filter, take: number) {
  const rows = await db.draftMaterial.findMany({
    where: {
      draft: { teamId },
      ...(id ? { id } : {}),
      ...(q ? { OR: [{ url: textContains(q) }, { fileName: textContains(q) }, { displayName: textContains(q) }] } : {}),
      ...after(cursor, "material"),
    },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take,
    include: { draft: { select: { id: true, user: { select: { id: true, name: true } } } } },
  });
  return rows.map((m): LibraryItem => {
    let name = m.displayName ?? m.fileName;
    if (!m.displayName)
      try {
        name = decodeURIComponent(path.posix.basename(new URL(m.url).pathname)) || m.fileName;
      } catch {
        /* keep the stored file name */
      }
    return {
      ref: `material:${m.id}`,
      name,
      kind: "material",
      video: false,
      source: { type: "draft", id: m.draftId },
      durationUs: Number(m.durationUs),
      bytes: null,
      createdAt: m.createdAt,
      addedBy: m.draft.user,
      url: fileUrl(`drafts/${m.draftId}/assets/audio/${m.fileName}`),
    };
  });
}

/** One page of the team's library, newest first; `nextCursor` is null on the last page. */
export async function listLibrary(actor: Actor, query: LibraryQuery) {
  const { q, kind, source, limit } = libraryQuerySchema.parse(query);
  const cursor = decodeCursor(query.cursor);
  const take = limit + 1;
  const wants = (k: LibraryKind) => !kind || kind === k;
  const from = (s: LibrarySourceType) => !source || source === s;
  const fromUpload = from("file") || from("link") || from("short-video");
  const parts = await Promise.all([
    wants("upload") && fromUpload ? uploadItems(actor.teamId, { q, cursor, source }, take) : [],
    (wants("stem") || wants("music") || wants("export")) && from("order")
      ? resultItems(actor.teamId, { q, cursor }, kind, take)
      : [],
    wants("material") && from("draft") ? materialItems(actor.teamId, { q, cursor }, take) : [],
  ]);
  const merged = parts.flat().sort(newestFirst);
  const items = merged.slice(0, limit);
  for (const item of items) if (item.durationUs === null) measureLater(actor.teamId, item.ref);
  return { items, nextCursor: merged.length > limit ? encodeCursor(items[items.length - 1]) : null };
}

// ---- Durations ---------------------------------------------------------------------------------

async function storeDuration(ref: MediaRef, durationUs: number) {
  const parsed = parseMediaRef(ref);
  if (!parsed) return;
  const data = { durationUs: BigInt(durationUs) };
  if (parsed.kind === "upload") await db.upload.updateMany({ where: { id: parsed.id, durationUs: null }, data });
  if (parsed.kind === "file") await db.orderFile.updateMany({ where: { id: parsed.id, durationUs: null }, data });
}

/** The base peaks of a team's media (cached) and, as a by-product, its exact decoded length. */
async function measure(teamId: string, ref: string, spp = 256) {
  const media = await resolveMedia(teamId, ref);
  let out: Awaited<ReturnType<typeof peaksOf>>;
  try {
    out = await peaksOf(media.rel, spp);
  } catch (error) {
    if (error instanceof MediaError && error.kind !== "failed") throw badRequest(error.message);
    throw error;
  }
  const durationUs = Math.round((out.samples / out.sampleRate) * 1_000_000);
  await storeDuration(media.ref, durationUs);
  return { ...out, durationUs, media };
}

const queue: { teamId: string; ref: MediaRef }[] = [];
const queued = new Set<string>();
let draining = false;
const QUEUE_MAX = 500;

function measureLater(teamId: string, ref: MediaRef) {
  if (queued.has(ref) || queue.length >= QUEUE_MAX) return;
  queued.add(ref);
  queue.push({ teamId, ref });
  if (!draining) void drain();
}

async function drain() {
  draining = true;
  try {
    for (let next = queue.shift(); next; next = queue.shift()) {
      // A file that cannot be decoded stays without a duration (and is not retried until restart).
      await measure(next.teamId, next.ref).catch(() => undefined);
    }
  } finally {
    draining = false;
  }
}

/** Waits until the background measuring has nothing left (tests). */
export async function measuringIdle() {
  while (draining || queue.length) await new Promise((r) => setTimeout(r, 20));
}

/** One item of the team's library by ref, its duration measured now if it was not yet. */
export async function libraryItem(actor: Actor, ref: string): Promise<LibraryItem> {
  const { ref: checked } = await resolveMedia(actor.teamId, ref);
  const { kind, id } = parseMediaRef(checked)!;
  const find = async () => {
    const one = { cursor: null, id };
    const rows =
      kind === "upload"
        ? await uploadItems(actor.teamId, one, 1)
        : kind === "file"
          ? await resultItems(actor.teamId, one, undefined, 1)
          : await materialItems(actor.teamId, one, 1);
    return rows[0];
  };
  const item = await find();
  if (item.durationUs !== null) return item;
  await measure(actor.teamId, checked);
  return find();
}

/** Waveform-data v2 bytes of a team's media at the level for `spp` (see lib/media/peaks.ts). */
export async function libraryPeaks(actor: Actor, ref: string, spp: number) {
  const { dat, durationUs } = await measure(actor.teamId, ref, spp);
  return new Response(new Uint8Array(dat), {
    headers: {
      "content-type": "application/octet-stream",
      "content-length": String(dat.length),
      "x-duration-us": String(durationUs),
      // Peaks of a stored file never change; the team check runs on every request.
      "cache-control": "private, max-age=3600",
    },
  });
}
