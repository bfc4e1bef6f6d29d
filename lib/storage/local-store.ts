// STORAGE=local: stored files are DATA_DIR files, downloads go through the signed /api/files route.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { pipeline } from "node:stream/promises";
import { resolveData, signedFileUrl } from "@/lib/storage/files";
import type { Store, StoredObject } from "@/lib/storage/store";

async function statOf(key: string): Promise<StoredObject | null> {
  const st = await fs.promises.stat(resolveData(key)).catch(() => null);
  return st?.isFile() ? { key, size: st.size, modified: st.mtime } : null;
}

async function writeAtomic(key: string, write: (tmp: string) => Promise<void>) {
  const abs = resolveData(key);
  await fs.promises.mkdir(path.dirname(abs), { recursive: true });
  const tmp = `${abs}.${process.pid}.${Math.random().toString(36).slice(2)}.part`;
  try {
    await write(tmp);
    await fs.promises.rename(tmp, abs);
  } catch (error) {
    await fs.promises.rm(tmp, { force: true });
    throw error;
  }
}

export function createLocalStore(): Store {
  return {
    kind: "local",
    async putFile(key, abs) {
      if (path.resolve(abs) === resolveData(key)) return;
      await writeAtomic(key, (tmp) => fs.promises.copyFile(abs, tmp));
    },
    async putStream(key, body: Readable) {
      await writeAtomic(key, (tmp) => pipeline(body, fs.createWriteStream(tmp)));
    },
    async getStream(key, range) {
      if (!(await statOf(key))) return null;
      return fs.createReadStream(resolveData(key), range ? { start: range.start, end: range.end } : {});
    },
    stat: statOf,
    async delete(keys) {
      for (const key of keys) await fs.promises.rm(resolveData(key), { force: true });
    },
    async *list(prefix) {
      const root = resolveData(".");
      const dir = resolveData(prefix.replace(/\/+$/, "") || ".");
      const entries = await fs.promises.readdir(dir, { recursive: true, withFileTypes: true }).catch(() => []);
      for (const entry of entries) {
        if (!entry.isFile()) continue;
        const key = path.relative(root, path.join(entry.parentPath, entry.name)).split(path.sep).join("/");
        const st = await statOf(key);
        if (st) yield st;
      }
    },
    async downloadUrl(key, opts = {}) {
      const url = new URL(signedFileUrl(key, opts.ttl));
      if (opts.filename) url.searchParams.set("name", opts.filename);
      if (opts.disposition === "attachment") url.searchParams.set("download", "1");
      return url.toString();
    },
  };
}
