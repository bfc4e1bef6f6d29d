// Runs one claimed `upload-extend` order: input (as staged at submit, or fetched now) → the checks
// that need the audio → TEXT_SUCCESS → engine → variant 1 stored (FIRST_SUCCESS, `first` callback)
// → all stored, order finished and the hold captured in one transaction (SUCCESS, `complete`).
import fs from "node:fs";
import path from "node:path";
import { capture, isInsufficientCredits } from "@/lib/billing/ledger";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { EngineUnavailableError, TransientEngineError } from "@/lib/engines/types";
import type { JobContext, Outcome } from "@/lib/jobs/process-order";
import { MediaError } from "@/lib/media/ffmpeg";
import { SafeFetchError } from "@/lib/media/safe-fetch";
import { MusicError } from "@/lib/music/errors";
import { discardStaged, obtainInput, workRel } from "@/lib/music/input";
import { extendAlongRoute, UpstreamRefusedError } from "@/lib/music/relay";
import { checkAgainstAudio, validateUploadExtend } from "@/lib/music/validate";
import { callbackBody, expiresAt, type ResultItem } from "@/lib/music/views";
import { LeaseLostError, raiseHold, recordEngine, type ClaimedOrder } from "@/lib/orders/lifecycle";
import { priceFor } from "@/lib/orders/price-formula";
import { priceOf } from "@/lib/orders/pricing";
import { dataDir, ensureDir } from "@/lib/storage/files";
import { persist } from "@/lib/storage/store";
import { enqueueDelivery } from "@/lib/webhooks/deliveries";

const TX = { maxWait: 30_000, timeout: 30_000 };

type Task = NonNullable<Awaited<ReturnType<typeof loadTask>>>;
const loadTask = (orderId: string) => db.musicTask.findUnique({ where: { orderId } });

/** Marks the task failed with a status and code; the runner then ends the order (release + error callback). */
/** The task fails with the order: the status, code and message are written by the transaction that
 * ends the order and releases its hold (lib/music/events.ts), so record-info never shows a failed
 * task whose credits are still held. */
async function failTask(task: Task, musicStatus: string, errorCode: number, message: string): Promise<Outcome> {
  await discardStaged(task.taskId);
  return { kind: "failed", reason: message, music: { status: musicStatus, errorCode } };
}

async function guarded<T>(order: ClaimedOrder, workerId: string, fn: (tx: Tx) => Promise<T>): Promise<T> {
  return db.$transaction(async (tx: Tx) => {
    const mine = await tx.order.count({ where: { id: order.id, leaseOwner: workerId, status: "processing" } });
    if (mine !== 1) throw new LeaseLostError();
    return fn(tx);
  }, TX);
}

async function store(
  order: ClaimedOrder,
  v: { audioPath: string; imagePath: string; duration: number },
  index: number,
  title: string,
) {
  const rel = path.posix.join("results", order.orderNo);
  const dir = await ensureDir(rel);
  const id = `${order.orderNo.slice(0, 8)}-${index + 1}-${Date.now().toString(36)}`.toLowerCase();
  const ext = path.extname(v.imagePath) || ".png";
  await fs.promises.copyFile(v.audioPath, path.join(dir, `${id}.mp3`));
  await fs.promises.copyFile(v.imagePath, path.join(dir, `${id}${ext}`));
  const item: ResultItem = {
    id,
    title,
    duration: v.duration,
    audio: `${rel}/${id}.mp3`,
    image: `${rel}/${id}${ext}`,
    createdAt: new Date().toISOString(),
  };
  // STORAGE=s3: in the bucket before the task says SUCCESS; the local copies stay for the sizes
  // recorded below and are then only a cache.
  await persist(item.audio, { keepLocal: true });
  await persist(item.image, { keepLocal: true });
  return item;
}

export async function processMusicOrder(order: ClaimedOrder, ctx: JobContext): Promise<Outcome> {
  const task = await loadTask(order.id);
  if (!task) return { kind: "failed", reason: "The music task is missing" };
  const workDir = await ensureDir(path.join(workRel(task.taskId), `run-${order.attempts}`));
  try {
    ctx.progress(0.02, "fetching input");
    const input = validateUploadExtend(JSON.parse(task.param));
    const measured = await obtainInput(task, order.pathKey, {
      signal: ctx.signal,
      fetchTimeoutMs: ctx.fetchTimeoutMs,
      maxInputBytes: ctx.maxInputBytes,
    });
    checkAgainstAudio(input, measured.durationSec, env().MUSIC_MAX_INPUT_SECONDS);
    const price = priceFor(await priceOf("upload-extend"), measured.durationSec);
    await raiseHold(order, ctx.workerId, price, measured.durationSec);

    // The "text" stage of a Suno task; here: the input is fetched and measured.
    await db.musicTask.updateMany({
      where: { id: task.id, musicStatus: "PENDING" },
      data: { musicStatus: "TEXT_SUCCESS" },
    });
    ctx.progress(0.1, "extending");
    const title = input.title ?? "Extended";
    const { engine, result } = await extendAlongRoute(
      {
        inputPath: measured.path,
        // Without continueAt the audio is extended from its end: the engine cuts strictly inside the
        // file, on the beat nearest this point.
        continueAt: input.continueAt ?? Math.max(measured.durationSec / 2, measured.durationSec - 0.25),
        workDir,
        title,
        variants: 2,
        seed: task.taskId,
        signal: ctx.signal,
        onProgress: (f, stage) => ctx.progress(0.1 + 0.8 * f, stage),
      },
      {
        order,
        workerId: ctx.workerId,
        params: JSON.parse(task.param) as Record<string, unknown>,
        uploadUrl: order.pathKey,
        inputRel: measured.rel,
        inputIsUpload: measured.upload,
      },
    );
    await recordEngine(order, ctx.workerId, engine);
    if (result.variants.length === 0) throw new TransientEngineError("The engine returned no audio");

    const items: ResultItem[] = [];
    const until = expiresAt(task, new Date());
    items.push(await store(order, result.variants[0], 0, title));
    await guarded(order, ctx.workerId, async (tx) => {
      const moved = await tx.musicTask.updateMany({
        where: { id: task.id, musicStatus: { in: ["PENDING", "TEXT_SUCCESS"] } },
        data: { musicStatus: "FIRST_SUCCESS", results: JSON.stringify(items) },
      });
      const row = await tx.musicTask.findUniqueOrThrow({ where: { id: task.id } });
      if (moved.count === 1 && task.callBackUrl) {
        await enqueueDelivery(
          {
            teamId: task.teamId,
            orderId: order.id,
            kind: "callback",
            event: "first",
            url: task.callBackUrl,
            body: callbackBody(row, "first", until),
          },
          tx,
        );
      }
    });
    ctx.progress(0.95, "storing");
    for (let i = 1; i < result.variants.length; i++) items.push(await store(order, result.variants[i], i, title));

    await guarded(order, ctx.workerId, async (tx) => {
      const o = await tx.order.findUniqueOrThrow({ where: { id: order.id } });
      await tx.order.update({
        where: { id: order.id },
        data: {
          status: "finish",
          payStatus: "paid",
          cost: o.holdAmount,
          progress: 1,
          stage: "done",
          reason: null,
          finishedAt: new Date(),
          leaseOwner: null,
          leaseExpiresAt: null,
        },
      });
      if (o.holdAmount > 0) {
        await capture(
          {
            userId: o.userId,
            amount: o.holdAmount,
            idempotencyKey: `order:${o.orderNo}:capture`,
            ref: `order:${o.orderNo}`,
            reason: "Music task succeeded",
          },
          tx,
        );
      }
      const files = items.flatMap((it) => [
        { name: path.posix.basename(it.audio), business: "audio", path: it.audio },
        { name: path.posix.basename(it.image), business: "cover", path: it.image },
      ]);
      await tx.orderFile.deleteMany({ where: { orderId: order.id } });
      await tx.orderFile.createMany({
        data: await Promise.all(
          files.map(async (f) => ({
            ...f,
            orderId: order.id,
            bytes: (await fs.promises.stat(path.join(dataDir(), f.path))).size,
          })),
        ),
      });
      const row = await tx.musicTask.update({
        where: { id: task.id },
        data: {
          musicStatus: "SUCCESS",
          results: JSON.stringify(items),
          errorCode: null,
          errorMessage: null,
          ...(result.upstream
            ? {
                upstreamTaskId: result.upstream.taskId,
                upstreamStatus: result.upstream.status,
                upstreamCost: result.upstream.cost,
              }
            : {}),
        },
      });
      if (task.callBackUrl) {
        await enqueueDelivery(
          {
            teamId: task.teamId,
            orderId: order.id,
            kind: "callback",
            event: "complete",
            url: task.callBackUrl,
            body: callbackBody(row, "complete", until),
          },
          tx,
        );
      }
    });
    await discardStaged(task.taskId);
    return { kind: "finished" };
  } catch (error) {
    return classify(error, task);
  } finally {
    await fs.promises.rm(workDir, { recursive: true, force: true });
  }
}

async function classify(error: unknown, task: Task): Promise<Outcome> {
  if (error instanceof LeaseLostError) throw error;
  if (error instanceof MusicError)
    return failTask(task, "CREATE_TASK_FAILED", error.code === 429 ? 429 : 400, error.message);
  if (isInsufficientCredits(error))
    return failTask(task, "CREATE_TASK_FAILED", 429, "Insufficient credits for the measured length");
  if (error instanceof EngineUnavailableError) return failTask(task, "GENERATE_AUDIO_FAILED", 501, error.message);
  if (error instanceof UpstreamRefusedError) return failTask(task, error.musicStatus, 400, error.message);
  if (error instanceof MediaError && error.kind !== "failed")
    return failTask(task, "CREATE_TASK_FAILED", 400, `uploadUrl is not usable audio: ${error.message}`);
  if (error instanceof SafeFetchError) {
    const reason = `uploadUrl could not be fetched: ${error.message}`;
    return error.transient ? { kind: "retry", reason } : failTask(task, "CREATE_TASK_FAILED", 400, reason);
  }
  if (!(error instanceof TransientEngineError) && !(error instanceof MediaError))
    console.error("[music] unexpected error while extending", error);
  return { kind: "retry", reason: error instanceof Error ? error.message : "unexpected error" };
}
