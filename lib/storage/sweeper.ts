// Deletes result files and uploads older than the retention period (with STORAGE=s3, in the bucket
// too, plus any object under uploads/, results/ or work/ older than that which no row names any more).
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { DOWNLOAD_FORMATS } from "@/lib/contracts/stems";
import { db } from "@/lib/db";
import { sweepPeaksCache } from "@/lib/media/peaks";
import { resolveData } from "@/lib/storage/files";
import { isS3, storage } from "@/lib/storage/store";

export async function sweepExpiredFiles(retentionMs: number, now = Date.now()): Promise<number> {
  const cutoff = new Date(now - retentionMs);
  let removed = 0;
  const s3 = isS3();
  const files = await db.orderFile.findMany({ where: { deletedAt: null, createdAt: { lt: cutoff } }, take: 500 });
  for (const f of files) {
    await fs.promises.rm(resolveData(f.path), { force: true });
    // Download formats made on demand (lib/orders/downloads.ts) go with their stem.
    for (const format of DOWNLOAD_FORMATS) await fs.promises.rm(resolveData(`${f.path}.${format}`), { force: true });
    if (s3) await storage().delete([f.path, ...DOWNLOAD_FORMATS.map((format) => `${f.path}.${format}`)]);
    await db.orderFile.update({ where: { id: f.id }, data: { deletedAt: new Date(now) } });
    removed++;
  }
  for (const dir of new Set(files.map((f) => path.dirname(f.path)))) {
    await fs.promises.rmdir(resolveData(dir)).catch(() => undefined); // only when empty
  }
  const uploads = await db.upload.findMany({ where: { createdAt: { lt: cutoff } }, take: 500 });
  for (const u of uploads) {
    await fs.promises.rm(resolveData(u.path), { force: true });
    await fs.promises.rm(resolveData(`${u.path}.peaks.json`), { force: true });
    if (s3) await storage().delete([u.path]);
    await db.upload.delete({ where: { id: u.id } });
    removed++;
  }
  // Waveform peaks are a cache: entries older than the retention go, and are rebuilt if asked again.
  await sweepPeaksCache(retentionMs, now);
  if (s3) removed += await sweepBucket(cutoff);
  return removed;
}

/** Folders whose every object is bound by the retention (drafts/ are kept while the draft is). */
const RETAINED_PREFIXES = ["uploads/", "results/", "work/"];

/**
 * STORAGE=s3: objects older than the cutoff that the passes above did not reach (a row deleted while
 * the bucket was down, a crashed job's leftovers). Bounded per run like the passes above.
 */
async function sweepBucket(cutoff: Date, limit = 1000): Promise<number> {
  const old: string[] = [];
  for (const prefix of RETAINED_PREFIXES) {
    for await (const o of storage().list(prefix)) {
      if (o.modified < cutoff) old.push(o.key);
      if (old.length >= limit) break;
    }
  }
  await storage().delete(old);
  return old.length;
}
