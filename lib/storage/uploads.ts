// Browser uploads: multipart streamed to DATA_DIR/uploads with a size cap (busboy), one file each;
// with STORAGE=s3 the probed file then goes to the bucket (lib/storage/store.ts).
import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import busboy from "busboy";
import { db } from "@/lib/db";
import { AppError, badRequest } from "@/lib/errors";
import { env } from "@/lib/env";
import { UPLOAD_PREFIX } from "@/lib/contracts/orders";
import { MediaError, probe } from "@/lib/media/ffmpeg";
import { ensureDir } from "@/lib/storage/files";
import { persist } from "@/lib/storage/store";

export const maxUploadBytes = () => env().MAX_UPLOAD_MB * 1024 * 1024;

export async function saveUpload(req: Request, actor: { userId: string; teamId: string }) {
  const type = req.headers.get("content-type") ?? "";
  if (!/^multipart\/form-data\b/i.test(type) || !req.body)
    throw badRequest("Send the file as multipart/form-data in a field named file");
  const limit = maxUploadBytes();
  const declared = Number(req.headers.get("content-length") ?? NaN);
  if (Number.isFinite(declared) && declared > limit + 64 * 1024) throw tooLarge(limit);

  let bb: busboy.Busboy;
  try {
    // Browsers send the file name as raw UTF-8; busboy's default (latin1) turned 夏日.wav into mojibake.
    bb = busboy({
      headers: { "content-type": type },
      limits: { fileSize: limit, files: 1 },
      defParamCharset: "utf8",
    });
  } catch {
    // busboy throws at once when the Content-Type names no boundary.
    throw badRequest(
      "The upload's Content-Type has no multipart boundary: send it as multipart/form-data in a field named file",
    );
  }

  const id = randomUUID();
  const dir = await ensureDir("uploads");
  const abs = path.join(dir, id);
  let filename: string | null = null;
  let truncated = false;
  let bytes = 0;
  let fileStream: Readable | null = null;
  let writing: Promise<void> | null = null;

  bb.on("file", (field, stream, info) => {
    if (field !== "file" || filename !== null) return stream.resume();
    filename = (info.filename || "upload").replace(/[\\/\0]/g, "_").slice(0, 200);
    stream.on("data", (c: Buffer) => (bytes += c.length));
    stream.on("limit", () => (truncated = true));
    fileStream = stream;
    writing = pipeline(stream, fs.createWriteStream(abs));
    // Awaited below; when the form fails first it must not become an unhandled rejection meanwhile.
    writing.catch(() => {});
  });
  try {
    await pipeline(Readable.fromWeb(req.body as import("node:stream/web").ReadableStream), bb);
    await writing;
  } catch (error) {
    // Let the file's write end (and close its descriptor) before removing what it wrote.
    (fileStream as Readable | null)?.destroy();
    await Promise.allSettled([writing]);
    await fs.promises.rm(abs, { force: true });
    throw badRequest(unreadable(error));
  }
  if (truncated) {
    await fs.promises.rm(abs, { force: true });
    throw tooLarge(limit);
  }
  if (filename === null) throw badRequest("Send the file as multipart/form-data in a field named file");
  if (bytes === 0) {
    await fs.promises.rm(abs, { force: true });
    throw badRequest("The uploaded file is empty");
  }
  await refuseNonMedia(abs);
  // STORAGE=s3: probed on this disk first (ffprobe may need to seek to the end of an MP4, and user
  // media never reaches ffprobe by URL), then streamed into the bucket as a multipart upload.
  await persist(`uploads/${id}`).catch(async (error) => {
    await fs.promises.rm(abs, { force: true });
    throw error;
  });
  const upload = await db.upload.create({
    data: { id, userId: actor.userId, teamId: actor.teamId, filename, path: `uploads/${id}`, bytes, source: "file" },
  });
  return { id: upload.id, filename: upload.filename, bytes: upload.bytes, pathKey: `${UPLOAD_PREFIX}${upload.id}` };
}

/** The problem+json `code` of an upload that is not audio or video (clients translate by it). */
export const NOT_MEDIA_CODE = "not_media";

/**
 * A file ffprobe cannot read as audio or video (a PDF, an image, a playlist) is refused here, before
 * anything can use it, instead of failing an order later. A video without sound is still media.
 */
async function refuseNonMedia(abs: string) {
  try {
    await probe(abs);
  } catch (error) {
    if (error instanceof MediaError && error.kind === "no_audio") return;
    await fs.promises.rm(abs, { force: true });
    if (error instanceof MediaError && error.kind === "not_media")
      throw new AppError(
        "unsupported_media_type",
        "The file is not audio or video",
        { file: "Not audio or video" },
        { code: NOT_MEDIA_CODE },
      );
    throw error;
  }
}

function unreadable(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/unexpected end of (form|file)/i.test(message))
    return "The upload ended before the whole form arrived (the connection may have been cut): please try again";
  if (/malformed part header/i.test(message))
    return "The upload is not valid multipart/form-data (a part's header is malformed)";
  return `The upload could not be read: ${message}`;
}

const tooLarge = (limit: number) =>
  new AppError("bad_request", `The file is larger than the ${Math.round(limit / 1048576)} MB upload limit`, {
    file: "Too large",
  });
