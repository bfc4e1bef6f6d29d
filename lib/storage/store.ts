// Where stored files live: DATA_DIR on this machine (STORAGE=local, the default) or an
// S3-compatible bucket (STORAGE=s3) that every web process and worker shares. Keys are the
// DATA_DIR-relative paths the database already records (`uploads/<id>`, `results/<orderNo>/…`), so
// the same rows work with either back end and `npm run admin -- migrate-files` is a plain copy.
//
// In s3 mode DATA_DIR is only this machine's scratch space and cache: writers still write a local
// file (engines and ffmpeg need one), then `persist` uploads it; readers that need a local file
// call `materialise`, which downloads the object once into the same DATA_DIR path.
import "server-only";
import { randomUUID } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { Readable } from "node:stream";
import { env } from "@/lib/env";
import { createS3Store } from "@/lib/storage/s3-store";
import { createLocalStore } from "@/lib/storage/local-store";
import { resolveData } from "@/lib/storage/files";

export type StoredObject = { key: string; size: number; modified: Date };

export type DownloadUrlOptions = {
  /** The name the browser saves the file under (Content-Disposition). */
  filename?: string;
  disposition?: "attachment" | "inline";
  /** Seconds the URL stays valid; 1 hour by default (the Open API's promise). */
  ttl?: number;
};

export interface Store {
  readonly kind: "local" | "s3";
  /** Stores the local file `abs` under `key` (s3: a multipart upload streamed from disk). */
  putFile(key: string, abs: string): Promise<void>;
  /** Stores a stream under `key` without holding it in memory (s3: multipart upload). */
  putStream(key: string, body: Readable): Promise<void>;
  /** The object's bytes, optionally `start..end` (inclusive); null when there is no such object. */
  getStream(key: string, range?: { start: number; end: number }): Promise<Readable | null>;
  stat(key: string): Promise<StoredObject | null>;
  /** Removes the objects (missing ones are fine). */
  delete(keys: string[]): Promise<void>;
  /** Every object under `prefix` (a folder such as `results/`), page by page. */
  list(prefix: string): AsyncIterable<StoredObject>;
  /** A URL anyone holding it can download the object from for `ttl` seconds. */
  downloadUrl(key: string, opts?: DownloadUrlOptions): Promise<string>;
}

let cached: { config: string; store: Store } | undefined;

/** The configured back end (rebuilt when the S3 settings change, as tests do per file). */
export function storage(): Store {
  const e = env();
  const config = JSON.stringify([
    e.STORAGE,
    e.S3_ENDPOINT,
    e.S3_BUCKET,
    e.S3_REGION,
    e.S3_ACCESS_KEY_ID,
    e.S3_SECRET_ACCESS_KEY,
    e.S3_FORCE_PATH_STYLE,
  ]);
  if (cached?.config !== config) cached = { config, store: e.STORAGE === "s3" ? createS3Store(e) : createLocalStore() };
  return cached.store;
}

export const isS3 = () => env().STORAGE === "s3";

/**
 * Makes the file written at DATA_DIR/`rel` durable and visible to every process. Local mode: it
 * already is (nothing happens). s3: uploaded, and the local copy removed unless `keepLocal` (it is
 * a cache from then on: `materialise` brings it back when needed).
 */
export async function persist(rel: string, opts: { keepLocal?: boolean } = {}): Promise<void> {
  const store = storage();
  if (store.kind === "local") return;
  const abs = resolveData(rel);
  await store.putFile(rel, abs);
  if (!opts.keepLocal) await fs.promises.rm(abs, { force: true });
}

/** `persist` for every file under the DATA_DIR folder `relDir` (a draft's or an order's results). */
export async function persistDir(relDir: string, opts: { keepLocal?: boolean } = {}): Promise<void> {
  if (storage().kind === "local") return;
  const root = resolveData(relDir);
  const entries = await fs.promises.readdir(root, { recursive: true, withFileTypes: true }).catch(() => []);
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const abs = path.join(entry.parentPath, entry.name);
    await persist(path.relative(resolveData("."), abs).split(path.sep).join("/"), opts);
  }
}

const fetching = new Map<string, Promise<string>>();

/**
 * The absolute path of a local copy of the stored file `rel`, for ffmpeg and the engines. Local
 * mode: the file itself. s3: DATA_DIR/`rel` when this machine already has the same bytes, else
 * downloaded there first (under a temporary name, renamed when complete; concurrent callers share
 * one download). The copy is a cache: removing it only costs a download. Throws ENOENT-like
 * `MissingFileError` when the object does not exist.
 */
export async function materialise(rel: string): Promise<string> {
  const abs = resolveData(rel);
  const store = storage();
  if (store.kind === "local") return abs;
  let pending = fetching.get(abs);
  if (!pending) {
    pending = (async () => {
      const [local, remote] = await Promise.all([fs.promises.stat(abs).catch(() => null), store.stat(rel)]);
      if (!remote) {
        // Written on this machine and not persisted yet (a job's own output): the local file is it.
        if (local?.isFile()) return abs;
        throw new MissingFileError(rel);
      }
      if (local?.isFile() && local.size === remote.size) {
        // A copy in use stays fresh for the cache sweep (lib/storage/cache-sweep.ts), which drops
        // copies not touched for STORAGE_CACHE_HOURS.
        const now = new Date();
        await fs.promises.utimes(abs, now, now).catch(() => undefined);
        return abs;
      }
      const body = await store.getStream(rel);
      if (!body) throw new MissingFileError(rel);
      await fs.promises.mkdir(path.dirname(abs), { recursive: true });
      const tmp = `${abs}.${randomUUID()}.part`;
      try {
        const { pipeline } = await import("node:stream/promises");
        await pipeline(body, fs.createWriteStream(tmp));
        await fs.promises.rename(tmp, abs);
      } catch (error) {
        await fs.promises.rm(tmp, { force: true });
        throw error;
      }
      return abs;
    })().finally(() => fetching.delete(abs));
    fetching.set(abs, pending);
  }
  return pending;
}

/** Whether the stored file exists (s3: the object; local: the file). */
export async function storedExists(rel: string): Promise<boolean> {
  return (await storage().stat(rel)) !== null;
}

export class MissingFileError extends Error {
  readonly code = "ENOENT";
  constructor(readonly key: string) {
    super(`The stored file ${key} does not exist`);
    this.name = "MissingFileError";
  }
}

/** A small stored text file (a transcript), read without a local copy; throws when it is missing. */
export async function readStoredText(rel: string): Promise<string> {
  const store = storage();
  if (store.kind === "local") return fs.promises.readFile(resolveData(rel), "utf8");
  const body = await store.getStream(rel);
  if (!body) {
    // Like materialise: a file this machine has that is not in the bucket (not migrated yet).
    const local = await fs.promises.readFile(resolveData(rel), "utf8").catch(() => null);
    if (local === null) throw new MissingFileError(rel);
    return local;
  }
  const { text } = await import("node:stream/consumers");
  return text(body);
}

/** Removes every stored object under the folder `relDir` (a deleted draft's files). */
export async function removeStoredDir(relDir: string): Promise<void> {
  const store = storage();
  if (store.kind === "local") return;
  const keys: string[] = [];
  for await (const o of store.list(`${relDir.replace(/\/+$/, "")}/`)) keys.push(o.key);
  await store.delete(keys);
}
