// Zips made of stored objects: each entry is read from the store (S3: one GET each, opened only
// when yazl reaches that entry), so a zip of stems or of a draft streams straight from the bucket.
import "server-only";
import type { PassThrough, Readable } from "node:stream";
import type yazl from "yazl";
import { storage } from "@/lib/storage/store";

/**
 * yazl reports a failed entry on the ZipFile, not on its output: without this an S3 error (or an
 * object removed meanwhile) would be an uncaught "error" event; with it, the download is cut.
 */
function endOutputOnError(zip: yazl.ZipFile) {
  if (zip.listenerCount("error") > 0) return;
  zip.on("error", (error: Error) => (zip.outputStream as PassThrough).destroy(error));
}

/** Adds the stored object `key` to `zip` as `name`, stored (audio does not deflate). */
export function addStoredObject(zip: yazl.ZipFile, key: string, name: string, mtime: Date) {
  endOutputOnError(zip);
  zip.addReadStreamLazy(name, { compress: false, mtime }, (cb) => {
    storage()
      .getStream(key)
      .then(
        (body: Readable | null) => {
          if (!body) return zip.emit("error", new Error(`The stored file ${key} is gone`));
          body.on("error", (error) => zip.emit("error", error));
          cb(null, body);
        },
        (error: Error) => zip.emit("error", error),
      );
  });
}
