// The audio of a task: fetched (SSRF-safe) or taken from the team's uploads, then probed. At submit
// this runs under a time cap (MUSIC_PROBE_WAIT_SECONDS) so length and continueAt errors answer
// synchronously as code 400; a slower link is accepted and checked by the job instead, where the
// same errors fail the task as CREATE_TASK_FAILED.
import fs from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import { UPLOAD_PREFIX } from "@/lib/contracts/orders";
import { MediaError, inspectMedia } from "@/lib/media/ffmpeg";
import { SafeFetchError, safeDownload } from "@/lib/media/safe-fetch";
import { MusicError } from "@/lib/music/errors";
import { ensureDir, resolveData } from "@/lib/storage/files";
import { materialise } from "@/lib/storage/store";

export const workRel = (taskId: string) => path.join("work", "music", taskId);

export type MeasuredInput = { path: string; rel: string | null; durationSec: number; upload: boolean };

/** The absolute path of an `upload:<id>` of the team, or a 400 naming uploadUrl. */
export async function teamUploadPath(teamId: string, pathKey: string) {
  const upload = await db.upload.findFirst({ where: { id: pathKey.slice(UPLOAD_PREFIX.length), teamId } });
  if (!upload) throw new MusicError(400, "uploadUrl refers to an upload that does not exist", "uploadUrl");
  return { abs: await materialise(upload.path), rel: upload.path };
}

async function measure(abs: string, signal?: AbortSignal): Promise<number> {
  try {
    const media = await inspectMedia(abs, { signal });
    if (!media.audio) throw new MediaError("no_audio", "The file has no audio track");
    return media.durationSec;
  } catch (error) {
    if (error instanceof MediaError && error.kind !== "failed")
      throw new MusicError(400, `uploadUrl is not usable audio: ${error.message}`, "uploadUrl");
    throw error;
  }
}

/**
 * Fetches and measures the input within `waitMs`. Returns null when that takes longer (the job will
 * do it); throws MusicError 400 for a link that cannot be fetched or is not audio.
 */
export async function stageInput(
  teamId: string,
  taskId: string,
  uploadUrl: string,
  waitMs: number,
): Promise<MeasuredInput | null> {
  if (uploadUrl.startsWith(UPLOAD_PREFIX)) {
    if (waitMs <= 0) return null;
    const { abs, rel } = await teamUploadPath(teamId, uploadUrl);
    // The same cap as a link: a crafted upload that makes ffprobe crawl must not hold the request.
    const deadline = AbortSignal.timeout(waitMs);
    try {
      return { path: abs, rel, durationSec: await measure(abs, deadline), upload: true };
    } catch (error) {
      if (deadline.aborted) return null;
      throw error;
    }
  }
  if (waitMs <= 0) return null;
  const dir = await ensureDir(workRel(taskId));
  const abs = path.join(dir, "input");
  const deadline = AbortSignal.timeout(waitMs);
  try {
    await safeDownload(uploadUrl, abs, {
      maxBytes: env().MAX_INPUT_MB * 1024 * 1024,
      timeoutMs: waitMs,
      signal: deadline,
    });
    return {
      path: abs,
      rel: path.join(workRel(taskId), "input").split(path.sep).join("/"),
      durationSec: await measure(abs, deadline),
      upload: false,
    };
  } catch (error) {
    if (deadline.aborted || (error instanceof SafeFetchError && error.reason === "timeout")) {
      await discardStaged(taskId);
      return null;
    }
    await discardStaged(taskId);
    if (error instanceof SafeFetchError)
      throw new MusicError(400, `uploadUrl could not be fetched: ${error.message}`, "uploadUrl");
    throw error;
  }
}

export async function discardStaged(taskId: string) {
  await fs.promises.rm(resolveData(workRel(taskId)), { recursive: true, force: true });
}

/**
 * The runner's maintenance: removes `work/music/<taskId>` dirs whose task has ended, and any older
 * than the order timeout (a submit that died between staging and its transaction leaves one with no
 * task). Returns how many were removed.
 */
export async function sweepMusicWork(maxAgeMs: number, now = Date.now()): Promise<number> {
  const root = resolveData(path.join("work", "music"));
  const names = await fs.promises.readdir(root).catch(() => [] as string[]);
  let removed = 0;
  for (const taskId of names) {
    const abs = path.join(root, taskId);
    const stat = await fs.promises.stat(abs).catch(() => null);
    if (!stat) continue;
    const task = await db.musicTask.findUnique({ where: { taskId }, select: { order: { select: { status: true } } } });
    const ended = task !== null && task.order.status !== "pending" && task.order.status !== "processing";
    if (ended || now - stat.mtimeMs > maxAgeMs) {
      await fs.promises.rm(abs, { recursive: true, force: true });
      removed++;
    }
  }
  return removed;
}

/** In the job: the input as staged at submit, or fetched now. */
export async function obtainInput(
  task: { taskId: string; teamId: string; stagedInput: string | null },
  uploadUrl: string,
  opts: { signal: AbortSignal; fetchTimeoutMs: number; maxInputBytes: number },
): Promise<MeasuredInput> {
  if (uploadUrl.startsWith(UPLOAD_PREFIX)) {
    const { abs, rel } = await teamUploadPath(task.teamId, uploadUrl);
    return { path: abs, rel, durationSec: await measure(abs, opts.signal), upload: true };
  }
  if (task.stagedInput && fs.existsSync(resolveData(task.stagedInput))) {
    const abs = resolveData(task.stagedInput);
    return { path: abs, rel: task.stagedInput, durationSec: await measure(abs, opts.signal), upload: false };
  }
  const dir = await ensureDir(workRel(task.taskId));
  const abs = path.join(dir, "input");
  try {
    await safeDownload(uploadUrl, abs, {
      maxBytes: opts.maxInputBytes,
      timeoutMs: opts.fetchTimeoutMs,
      signal: opts.signal,
    });
  } catch (error) {
    if (error instanceof SafeFetchError && !error.transient)
      throw new MusicError(400, `uploadUrl could not be fetched: ${error.message}`, "uploadUrl");
    throw error;
  }
  return { path: abs, rel: null, durationSec: await measure(abs, opts.signal), upload: false };
}
