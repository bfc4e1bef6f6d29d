// Deletes result files and uploads older than the retention period.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { DOWNLOAD_FORMATS } from "@/lib/contracts/stems";
import { db } from "@/lib/db";
import { sweepPeaksCache } from "@/lib/media/peaks";
import { resolveData } from "@/lib/storage/files";

export async function sweepExpiredFiles(retentionMs: number, now = Date.now()): Promise<number> {
  const cutoff = new Date(now - retentionMs);
  let removed = 0;
  const files = await db.orderFile.findMany({ where: { deletedAt: null, createdAt: { lt: cutoff } }, take: 500 });
  for (const f of files) {
    await fs.promises.rm(resolveData(f.path), { force: true });
    // Download formats made on demand (lib/orders/downloads.ts) go with their stem.
    for (const format of DOWNLOAD_FORMATS) await fs.promises.rm(resolveData(`${f.path}.${format}`), { force: true });
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
    await db.upload.delete({ where: { id: u.id } });
    removed++;
  }
  // Waveform peaks are a cache: entries older than the retention go, and are rebuilt if asked again.
  await sweepPeaksCache(retentionMs, now);
  return removed;
}
