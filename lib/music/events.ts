// Music task events that ride on order transitions: the failure status and `error` callback when
// the order ends failed/timed out (whoever ends it: the job, the retry limit, the timeout sweeper).
import type { MusicFailure } from "@/lib/contracts/failure";
import { db, type Tx } from "@/lib/db";
import { discardStaged } from "@/lib/music/input";
import { callbackBody, expiresAt, isFailed } from "@/lib/music/views";
import { enqueueDelivery } from "@/lib/webhooks/deliveries";

export async function onMusicOrderEnded(
  tx: Tx,
  order: { id: string; teamId: string },
  status: "failed" | "timeout",
  reason: string,
  /** The processor's own verdict (e.g. CREATE_TASK_FAILED 400); else a generation failure. */
  music?: MusicFailure,
) {
  const task = await tx.musicTask.findUnique({ where: { orderId: order.id } });
  if (!task) return;
  const already = isFailed(task.musicStatus);
  const updated = await tx.musicTask.update({
    where: { id: task.id },
    data: {
      musicStatus: already ? task.musicStatus : (music?.status ?? "GENERATE_AUDIO_FAILED"),
      errorCode: task.errorCode ?? music?.errorCode ?? (status === "timeout" ? 408 : 501),
      errorMessage: task.errorMessage ?? reason,
    },
  });
  if (task.callBackUrl) {
    await enqueueDelivery(
      {
        teamId: task.teamId,
        orderId: order.id,
        kind: "callback",
        event: "error",
        url: task.callBackUrl,
        body: callbackBody(updated, "error", expiresAt(task, null)),
      },
      tx,
    );
  }
}

/**
 * After the transaction that ended the order has committed: the input staged at submit is no longer
 * needed (the job's own failures discard it; timeouts and the retry limit end the order here).
 */
export async function afterMusicOrderEnded(orderId: string) {
  const task = await db.musicTask.findUnique({ where: { orderId }, select: { taskId: true } });
  if (task) await discardStaged(task.taskId);
}
