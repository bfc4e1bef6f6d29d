// Stem downloads of a finished order: one stem or all of them as a streamed zip, in MP3, WAV or
// FLAC. A format the stem is not stored in is made by ffmpeg on the first request and kept beside
// the stem (`<stem path>.<format>`, removed with it by the sweeper), so a second download of the
// same format is served from disk; concurrent first requests share one encode.
import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { PassThrough, Readable } from "node:stream";
import yazl from "yazl";
import type { DownloadFormat } from "@/lib/contracts/stems";
import { db } from "@/lib/db";
import { AppError, notFound } from "@/lib/errors";
import { transcodeAudio } from "@/lib/media/ffmpeg";
import { type Actor, orderDetail } from "@/lib/orders/service";
import { contentDisposition, downloadName, type NamedOrder, orderTitle } from "@/lib/orders/download-name";
import { resolveData } from "@/lib/storage/files";
import { addStoredObject } from "@/lib/storage/zip";
import { isS3, materialise, storage } from "@/lib/storage/store";

const encodedKeys = new Map<string, Promise<string>>();

/**
 * STORAGE=s3: the key of the stem in `format`. A format not stored yet is encoded here from a local
 * copy and put in the bucket beside the stem (the sweeper removes it with the stem); returns the
 * key, since downloads are then served by the bucket.
 */
async function keyInFormat(rel: string, format: DownloadFormat): Promise<string> {
  if (path.extname(rel).toLowerCase() === `.${format}`) return rel;
  const key = formatCachePath(rel, format);
  if (await storage().stat(key)) return key;
  let pending = encodedKeys.get(key);
  if (!pending) {
    pending = (async () => {
      const source = await materialise(rel);
      const tmp = `${resolveData(key)}.${randomUUID()}.tmp`;
      try {
        await transcodeAudio(source, tmp, format);
        await storage().putFile(key, tmp);
      } finally {
        await fs.promises.rm(tmp, { force: true });
      }
      return key;
    })().finally(() => encodedKeys.delete(key));
    encodedKeys.set(key, pending);
  }
  return pending;
}

const TYPES: Record<DownloadFormat, string> = { mp3: "audio/mpeg", wav: "audio/wav", flac: "audio/flac" };

/** The cache file of a stem in a format; the sweeper removes these with the stem. */
export const formatCachePath = (rel: string, format: DownloadFormat) => `${rel}.${format}`;

const stripExt = (name: string) => name.replace(/\.[A-Za-z0-9]{1,5}$/, "");

/** `<title> - vocals.flac`: the order's naming rule with the format's extension. */
const stemFileName = (order: NamedOrder, file: { name: string }, format: DownloadFormat) =>
  downloadName(order, { name: `${stripExt(file.name)}.${format}` });
/** `<title> - stems (FLAC).zip`. */
const zipFileName = (order: NamedOrder, format: DownloadFormat) =>
  `${orderTitle(order)} - stems (${format.toUpperCase()}).zip`;

const inFlight = new Map<string, Promise<string>>();

/** The absolute path of the stem in `format` (its key with STORAGE=s3), encoding it once if it is not stored that way. */
async function fileInFormat(rel: string, format: DownloadFormat): Promise<string> {
  if (isS3()) return keyInFormat(rel, format);
  if (path.extname(rel).toLowerCase() === `.${format}`) return resolveData(rel);
  const target = resolveData(formatCachePath(rel, format));
  if (
    await fs.promises.stat(target).then(
      (s) => s.isFile(),
      () => false,
    )
  )
    return target;
  let pending = inFlight.get(target);
  if (!pending) {
    // Encoded under a temporary name and renamed: a reader never sees half a file.
    const tmp = `${target}.${randomUUID()}.tmp`;
    pending = transcodeAudio(resolveData(rel), tmp, format)
      .then(() => fs.promises.rename(tmp, target))
      .then(() => target)
      .finally(() => inFlight.delete(target));
    inFlight.set(target, pending);
  }
  return pending;
}

async function audioStems(actor: Actor, orderNo: string) {
  // Through orderDetail: another team's order is "not found", and a finished order is charged by
  // its first look, as on the page.
  const detail = await orderDetail(actor, orderNo);
  if (detail.status !== "finish") throw new AppError("conflict", "The order has not finished");
  if (detail.orderType === "extract-text") throw notFound("This order has no audio stems");
  const files = await db.orderFile.findMany({
    where: { order: { orderNo, teamId: actor.teamId }, deletedAt: null },
    orderBy: { name: "desc" },
  });
  const audio = files.filter((f) => /\.(mp3|wav|flac|m4a)$/i.test(f.path));
  if (audio.length === 0) throw new AppError("gone", "The results of this order have been deleted");
  return { order: { orderNo, title: detail.title }, files: audio };
}

/** One stem (`stem` = its business) or all stems as a zip, in `format`. */
export async function stemDownload(actor: Actor, orderNo: string, format: DownloadFormat, stem?: string) {
  const { order, files } = await audioStems(actor, orderNo);
  const headers = { "cache-control": "private, no-store", "x-content-type-options": "nosniff" };
  if (stem) {
    const file = files.find((f) => f.business === stem);
    if (!file) throw notFound("This order has no such stem");
    const abs = await fileInFormat(file.path, format);
    if (isS3()) {
      // The bytes come from the bucket (presigned for an hour), not through this process.
      const location = await storage().downloadUrl(abs, {
        filename: stemFileName(order, file, format),
        disposition: "attachment",
      });
      return new Response(null, { status: 302, headers: { ...headers, location } });
    }
    const { size } = await fs.promises.stat(abs);
    return new Response(Readable.toWeb(fs.createReadStream(abs)) as ReadableStream, {
      headers: {
        ...headers,
        "content-type": TYPES[format],
        "content-length": String(size),
        "content-disposition": contentDisposition(stemFileName(order, file, format)),
      },
    });
  }
  // Every stem is ready before the first byte: an encode failure is an error answer, not a cut zip.
  const ready = await Promise.all(files.map(async (f) => ({ abs: await fileInFormat(f.path, format), f })));
  const zip = new yazl.ZipFile();
  const used = new Set<string>();
  for (const { abs, f } of ready) {
    let name = stemFileName(order, f, format);
    if (used.has(name)) name = `${f.business}-${name}`;
    used.add(name);
    // Audio barely deflates: stored, so the zip streams at disk speed.
    if (isS3()) addStoredObject(zip, abs, name, f.createdAt);
    else zip.addFile(abs, name, { compress: false, mtime: f.createdAt });
  }
  zip.end();
  const out = new PassThrough();
  zip.outputStream.on("error", (e) => out.destroy(e)).pipe(out);
  return new Response(Readable.toWeb(out) as ReadableStream, {
    headers: {
      ...headers,
      "content-type": "application/zip",
      "content-disposition": contentDisposition(zipFileName(order, format)),
    },
  });
}
