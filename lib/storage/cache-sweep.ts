// STORAGE=s3: every process's DATA_DIR holds local copies of stored files (materialise: a worker's
// input, a web process's copy for peaks, Open in Studio, apply-to-draft). They are a cache, and the
// retention sweeper (a maintenance job, one worker per tick) only reaches expired files on the
// machine it happens to run on; so each process, web or worker, sweeps its own copies here.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { env } from "@/lib/env";
import { sweepPeaksCache } from "@/lib/media/peaks";
import { resolveData } from "@/lib/storage/files";
import { isS3, storage } from "@/lib/storage/store";

/** Folders whose files are copies of objects (work/ is a job's scratch and goes with the job). */
const CACHED_FOLDERS = ["uploads", "results", "drafts"];

/**
 * Removes local copies not written for `maxAgeMs` whose object the bucket holds with the same size,
 * and abandoned partial downloads (`*.part`) as old. A file the bucket does not have (a job's output
 * not persisted yet, a file not migrated) is never removed. Bounded per run; answers how many went.
 */
export async function sweepLocalCache(maxAgeMs: number, now = Date.now(), limit = 500): Promise<number> {
  if (!isS3()) return 0;
  const root = resolveData(".");
  let removed = 0;
  let checked = 0;
  for (const folder of CACHED_FOLDERS) {
    const entries = await fs.promises
      .readdir(path.join(root, folder), { recursive: true, withFileTypes: true })
      .catch(() => []);
    for (const entry of entries) {
      if (!entry.isFile() || checked >= limit) continue;
      const abs = path.join(entry.parentPath, entry.name);
      const st = await fs.promises.stat(abs).catch(() => null);
      if (!st || now - st.mtimeMs <= maxAgeMs) continue;
      checked++;
      if (entry.name.endsWith(".part")) {
        await fs.promises.rm(abs, { force: true });
        removed++;
        continue;
      }
      const key = path.relative(root, abs).split(path.sep).join("/");
      const remote = await storage().stat(key);
      if (remote?.size !== st.size) continue;
      await fs.promises.rm(abs, { force: true });
      removed++;
    }
  }
  // Waveform peaks are rebuilt from a copy on demand; entries older than the retention go.
  await sweepPeaksCache(env().RESULT_RETENTION_DAYS * 86_400_000, now);
  return removed;
}

const globalForSweep = globalThis as unknown as { mixdeskCacheSweep?: NodeJS.Timeout };

/** STORAGE=s3: sweeps this process's local copies every JOBS_MAINTENANCE_SECONDS (web processes and
 * workers alike; the timer does not keep a process alive). Nothing happens with local storage. */
export function startCacheSweeper(): void {
  if (!isS3() || globalForSweep.mixdeskCacheSweep) return;
  const e = env();
  let running = false;
  const tick = async () => {
    if (running) return;
    running = true;
    try {
      await sweepLocalCache(e.STORAGE_CACHE_HOURS * 3_600_000);
    } catch (error) {
      // The bucket is down: keep every copy, try again at the next interval.
      console.error("[storage] local cache sweep failed:", (error as Error).message);
    } finally {
      running = false;
    }
  };
  globalForSweep.mixdeskCacheSweep = setInterval(() => void tick(), e.JOBS_MAINTENANCE_SECONDS * 1000);
  globalForSweep.mixdeskCacheSweep.unref();
}

export function stopCacheSweeper(): void {
  clearInterval(globalForSweep.mixdeskCacheSweep);
  globalForSweep.mixdeskCacheSweep = undefined;
}
