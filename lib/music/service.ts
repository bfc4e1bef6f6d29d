// Music API tasks (Suno-style upload-extend) as both the API and the browser use them. A task is an
// Order of type `upload-extend` (the job runner's lease, retries, timeout and sweeper) plus a 1:1
// MusicTask row with what the dialect shows. The whole price is held at submit and captured when
// the task reaches SUCCESS, in the transaction that finishes it; any failure releases it.
import { randomUUID } from "node:crypto";
import { hold, isInsufficientCredits } from "@/lib/billing/ledger";
import { db, type Tx } from "@/lib/db";
import { env } from "@/lib/env";
import { MODEL_LIMITS, type MusicModel } from "@/lib/contracts/music";
import { orderQueued } from "@/lib/jobs/enqueue";
import { MusicError, TASK_NOT_FOUND } from "@/lib/music/errors";
import { discardStaged, stageInput } from "@/lib/music/input";
import { getSettings } from "@/lib/music/settings";
import { checkAgainstAudio, validateUploadExtend } from "@/lib/music/validate";
import { browserResults, parseParam, recordInfoView } from "@/lib/music/views";
import { newOrderNo } from "@/lib/orders/order-no";
import { priceFor } from "@/lib/orders/price-formula";
import { priceOf } from "@/lib/orders/pricing";
import { deliveryView } from "@/lib/webhooks/deliveries";

export type MusicActor = { userId: string; teamId: string; apiKeyId: string | null };

export const MAINTENANCE_MESSAGE = "The Music API is down for maintenance; please try again later";
const ACTIVE = ["pending", "processing"];
const TX = { maxWait: 30_000, timeout: 30_000 };

export async function assertNotInMaintenance() {
  if ((await getSettings()).musicMaintenance) throw new MusicError(455, MAINTENANCE_MESSAGE);
}

type Counter = Pick<Tx, "musicTask">;

/**
 * The concurrent task limit (code 405), counted per key and per user: a user's keys and the browser
 * share one allowance, so more keys do not buy more running tasks.
 */
async function assertConcurrency(client: Counter, actor: MusicActor, limit: number) {
  const active = { order: { status: { in: ACTIVE } } };
  const mine = await client.musicTask.count({ where: { userId: actor.userId, ...active } });
  const busy = (who: string, n: number) => `${who} ${n} tasks running (the limit is ${limit}); wait for one to finish`;
  if (mine >= limit) throw new MusicError(405, busy("You already have", mine));
  if (actor.apiKeyId) {
    const running = await client.musicTask.count({ where: { apiKeyId: actor.apiKeyId, ...active } });
    if (running >= limit) throw new MusicError(405, busy("This API key already has", running));
  }
}

export async function submitUploadExtend(actor: MusicActor, raw: unknown): Promise<{ taskId: string }> {
  const settings = await getSettings();
  if (settings.musicMaintenance) throw new MusicError(455, MAINTENANCE_MESSAGE);
  const input = validateUploadExtend(raw);
  // Cheap pre-check before the download and probe below; the transaction checks again under the lock.
  await assertConcurrency(db, actor, settings.musicMaxConcurrentPerKey);
  const taskId = randomUUID().replace(/-/g, "");
  const measured = await stageInput(actor.teamId, taskId, input.uploadUrl, env().MUSIC_PROBE_WAIT_SECONDS * 1000);
  let orderId: string;
  try {
    if (measured) checkAgainstAudio(input, measured.durationSec, env().MUSIC_MAX_INPUT_SECONDS);
    const rule = await priceOf("upload-extend");
    // Without a measured length the base price is held; the job raises it once it has measured.
    const price = measured ? priceFor(rule, measured.durationSec) : rule.baseCredits;
    const orderNo = newOrderNo();
    orderId = await db.$transaction(async (tx: Tx) => {
      // Lock the user row first: the concurrency count and the hold below see every earlier submit.
      await tx.user.update({ where: { id: actor.userId }, data: { updatedAt: new Date() } });
      await assertConcurrency(tx, actor, settings.musicMaxConcurrentPerKey);
      if (price > 0) {
        try {
          await hold(
            {
              userId: actor.userId,
              amount: price,
              idempotencyKey: `order:${orderNo}:hold`,
              ref: `order:${orderNo}`,
              reason: "Music task submitted",
            },
            tx,
          );
        } catch (error) {
          if (isInsufficientCredits(error)) throw new MusicError(429, `Insufficient credits: this task needs ${price}`);
          throw error;
        }
      }
      const order = await tx.order.create({
        data: {
          orderNo,
          userId: actor.userId,
          teamId: actor.teamId,
          type: "upload-extend",
          pathKey: input.uploadUrl,
          messageId: randomUUID(),
          holdAmount: price,
          durationSec: measured?.durationSec ?? null,
        },
      });
      await tx.musicTask.create({
        data: {
          orderId: order.id,
          taskId,
          userId: actor.userId,
          teamId: actor.teamId,
          apiKeyId: actor.apiKeyId,
          model: input.model,
          param: JSON.stringify(raw),
          callBackUrl: input.callBackUrl,
          title: input.title,
          continueAt: input.continueAt,
          stagedInput: measured && !measured.upload ? measured.rel : null,
        },
      });
      return order.id;
    }, TX);
  } catch (error) {
    if (measured && !measured.upload) await discardStaged(taskId);
    throw error;
  }
  await orderQueued(orderId);
  return { taskId };
}

async function findTask(teamId: string, taskId: string) {
  if (!/^[A-Za-z0-9_-]{1,64}$/.test(taskId)) return null;
  return db.musicTask.findFirst({ where: { taskId, teamId }, include: { order: true } });
}

export async function recordInfo(teamId: string, taskId: string | undefined) {
  if (!taskId?.trim()) throw new MusicError(400, "taskId is required", "taskId");
  const task = await findTask(teamId, taskId.trim());
  if (!task) throw new MusicError(404, `${TASK_NOT_FOUND}: ${taskId.trim().slice(0, 64)}`, "taskId");
  return recordInfoView(task, task.order.finishedAt);
}

export async function creditOf(userId: string): Promise<number> {
  return (await db.user.findUniqueOrThrow({ where: { id: userId }, select: { balance: true } })).balance;
}

export async function quote(userId: string, model: MusicModel) {
  const rule = await priceOf("upload-extend");
  return {
    price: rule.baseCredits,
    perMinuteCredits: rule.perMinuteCredits,
    model,
    limits: MODEL_LIMITS[model],
    balance: await creditOf(userId),
  };
}

export async function listTasks(teamId: string) {
  const rows = await db.musicTask.findMany({
    where: { teamId },
    orderBy: [{ createdAt: "desc" }, { id: "desc" }],
    take: 100,
    include: { order: true },
  });
  return {
    tasks: rows.map((t) => ({
      taskId: t.taskId,
      title: t.title,
      model: t.model,
      status: t.musicStatus,
      createdAt: t.createdAt,
      cost: t.order.cost,
      continueAt: t.continueAt,
      durationSec: t.order.durationSec,
    })),
  };
}

export async function taskDetail(teamId: string, taskId: string) {
  const t = await findTask(teamId, taskId);
  if (!t) throw new MusicError(404, TASK_NOT_FOUND);
  const deliveries = await db.webhookDelivery.findMany({
    where: { orderId: t.orderId },
    orderBy: { createdAt: "asc" },
  });
  const info = recordInfoView(t, t.order.finishedAt);
  return {
    task: {
      taskId: t.taskId,
      status: t.musicStatus,
      title: t.title,
      model: t.model,
      param: parseParam(t.param),
      createdAt: t.createdAt,
      cost: t.order.cost,
      price: t.order.holdAmount,
      errorCode: t.errorCode,
      errorMessage: info.errorMessage,
      expired: info.expired,
      progress: t.order.progress,
      stage: t.order.stage,
      continueAt: t.continueAt,
      durationSec: t.order.durationSec,
      results: browserResults(t, t.order.finishedAt),
      deliveries: deliveries.map(deliveryView),
    },
  };
}
