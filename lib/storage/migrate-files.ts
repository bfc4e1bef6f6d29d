// `npm run admin -- migrate-files`: copies an install's DATA_DIR files into the S3 bucket, so an
// embedded install can move to STORAGE=s3. Idempotent and resumable: an object that already has the
// file's size is skipped, so a run cut short is simply run again.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { dataDir } from "@/lib/storage/files";
import { storage } from "@/lib/storage/store";

/** What the database names (uploads, results, drafts, pending exports); work files, the peaks cache,
 * models and the SQLite database stay where they are. */
export const MIGRATED_FOLDERS = ["uploads", "results", "drafts", "work/studio-export"];

export type MigrateReport = { copied: number; skipped: number; failed: number; bytes: number };

/** A half-written file (a download or encode in progress) is never copied. */
const unfinished = (name: string) => /\.(part|tmp)$/.test(name) || name.startsWith(".");

export async function migrateFiles(
  onProgress: (line: string) => void = () => {},
  root = dataDir(),
): Promise<MigrateReport> {
  const store = storage();
  if (store.kind !== "s3")
    throw new Error("Set STORAGE=s3 and the S3_* variables (the bucket to copy into) before migrate-files");
  const report: MigrateReport = { copied: 0, skipped: 0, failed: 0, bytes: 0 };
  for (const folder of MIGRATED_FOLDERS) {
    const base = path.join(root, folder);
    const entries = await fs.promises.readdir(base, { recursive: true, withFileTypes: true }).catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile() || unfinished(entry.name)) continue;
      const abs = path.join(entry.parentPath, entry.name);
      const key = path.relative(root, abs).split(path.sep).join("/");
      try {
        const { size } = await fs.promises.stat(abs);
        if ((await store.stat(key))?.size === size) {
          report.skipped++;
          continue;
        }
        await store.putFile(key, abs);
        report.copied++;
        report.bytes += size;
        if (report.copied % 100 === 0) onProgress(`${report.copied} copied, ${report.skipped} already there…`);
      } catch (error) {
        report.failed++;
        onProgress(`failed: ${key}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }
  return report;
}
