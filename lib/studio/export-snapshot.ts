// Where a queued Studio export keeps its timeline until the job has rendered it. Apart from
// lib/studio/export.ts so the order-ending hooks (lib/webhooks/events.ts) can clean up without
// importing the renderer (which imports the order lifecycle, which imports those hooks).
import "server-only";
import fs from "node:fs";
import { resolveData } from "@/lib/storage/files";
import { storage } from "@/lib/storage/store";

/** The Order type of a Studio export (never creatable or visible through the Open API). */
export const STUDIO_EXPORT = "studio-export";

export const snapshotRel = (orderNo: string) => `work/studio-export/${orderNo}.json`;

/** The export ended (finished, failed or timed out): its timeline snapshot is no longer needed. */
export async function discardExportInput(orderNo: string) {
  await fs.promises.rm(resolveData(snapshotRel(orderNo)), { force: true });
  if (storage().kind === "s3") await storage().delete([snapshotRel(orderNo)]);
}
