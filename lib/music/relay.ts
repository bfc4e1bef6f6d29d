// upload-extend along its route (Setting route.upload-extend, e.g. ["upstream:<suno id>", "local"]):
// a Suno-style upstream step submits with Mixdesk's callback URL and polls as the fallback
// (runRelayTask: exactly once per order and upstream), then copies both variants' audio (ffprobed,
// like local results) and covers into the work folder; the task then goes on exactly as with the
// local engine (FIRST_SUCCESS, SUCCESS, our callbacks, the capture). Upstream down, refusing the
// key or out of credits → the next step; the upstream refusing the input → the task fails with the
// upstream's reason.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { db } from "@/lib/db";
import { musicEngine } from "@/lib/engines/registry";
import type { ExtendRequest, ExtendResult } from "@/lib/engines/local-extend";
import { encodePng } from "@/lib/engines/local-extend/cover";
import { EngineUnavailableError, TransientEngineError } from "@/lib/engines/types";
import { probe } from "@/lib/media/ffmpeg";
import { SafeFetchError, safeDownload } from "@/lib/media/safe-fetch";
import { takeOutOfRotation } from "@/lib/relays/health";
import { copyResults, runRelayTask } from "@/lib/relays/relay-task";
import { routeFor, upstreamIdOf } from "@/lib/relays/routes";
import { sunoCallbackUrl } from "@/lib/relays/suno/callback";
import { sunoAdapter } from "@/lib/relays/suno/client";
import { type UpstreamFile, UpstreamError } from "@/lib/relays/types";
import { isRoutable, loadUpstream, relayEngineName, type UpstreamRow } from "@/lib/relays/upstreams";
import { signedFileUrl } from "@/lib/storage/files";

type MusicResult = Awaited<ReturnType<ReturnType<typeof musicEngine>["extend"]>>;

/** The upstream refused the task's input: the task fails with this status and the upstream's reason. */
export class UpstreamRefusedError extends Error {
  constructor(
    readonly musicStatus: "CREATE_TASK_FAILED" | "SENSITIVE_WORD_ERROR",
    message: string,
  ) {
    super(message);
  }
}

export type MusicStep = { name: string; upstream: UpstreamRow | null };

/** The usable steps of the route, in order: disabled, out-of-rotation, deleted or wrong-kind upstreams are skipped. */
export async function musicRoute(): Promise<MusicStep[]> {
  const steps: MusicStep[] = [];
  for (const step of await routeFor("upload-extend")) {
    const id = upstreamIdOf(step);
    if (!id) {
      steps.push({ name: musicEngine().name, upstream: null });
      continue;
    }
    const upstream = await loadUpstream(id);
    if (upstream && upstream.kind === "suno" && isRoutable(upstream))
      steps.push({ name: relayEngineName(upstream), upstream });
  }
  return steps;
}

export type RelayContext = {
  order: { id: string; orderNo: string };
  workerId: string;
  /** The Music API body as submitted (model, style, title, continueAt, …). */
  params: Record<string, unknown>;
  /** The task's uploadUrl: a link, or `upload:<id>` resolved to `inputRel`. */
  uploadUrl: string;
  inputRel: string | null;
  inputIsUpload: boolean;
};

/** Runs the route; returns what ran (for Order.engine) and the variants in `req.workDir`. */
export async function extendAlongRoute(
  req: ExtendRequest,
  ctx: RelayContext,
): Promise<{ engine: string; result: MusicResult }> {
  const steps = await musicRoute();
  if (steps.length === 0) throw new EngineUnavailableError("No engine on the upload-extend route is available");
  let last: Error | null = null;
  for (const step of steps) {
    if (!step.upstream) return { engine: step.name, result: await musicEngine().extend(req) };
    try {
      return { engine: step.name, result: await viaSuno(step.upstream, req, ctx) };
    } catch (error) {
      if (!(error instanceof UpstreamError) || req.signal?.aborted) throw error;
      if (error.kind === "bad_request") {
        // The failed task keeps the upstream's side too (record-info shows our status; admins reconcile).
        const relay = await db.relayTask.findUnique({
          where: { orderId_upstreamId: { orderId: ctx.order.id, upstreamId: step.upstream.id } },
        });
        await db.musicTask.updateMany({
          where: { orderId: ctx.order.id },
          data: { upstreamTaskId: relay?.upstreamTaskId ?? null, upstreamStatus: relay?.upstreamStatus ?? null },
        });
        const sensitive = /SENSITIVE/i.test(`${relay?.upstreamStatus ?? ""} ${error.message}`);
        throw new UpstreamRefusedError(sensitive ? "SENSITIVE_WORD_ERROR" : "CREATE_TASK_FAILED", error.message);
      }
      if (error.kind === "insufficient_balance") await takeOutOfRotation(step.upstream.id, error.message);
      console.warn(`[music] ${ctx.order.orderNo}: ${step.name} failed (${error.kind}); trying the next step`);
      last = error;
    }
  }
  // Every step was an upstream and none could take it: worth another attempt later.
  throw new TransientEngineError(last?.message ?? "No upstream on the route could take the task");
}

function inputUrlFor(ctx: RelayContext): string {
  // The team's own upload is not reachable from outside: a signed link (valid for the upstream's
  // whole run) to the stored file. A link the user gave is handed over as given.
  if (ctx.inputIsUpload && ctx.inputRel) return signedFileUrl(ctx.inputRel, 6 * 3600);
  return ctx.uploadUrl;
}

async function viaSuno(upstream: UpstreamRow, req: ExtendRequest, ctx: RelayContext): Promise<MusicResult> {
  const signal = req.signal ?? new AbortController().signal;
  const request = {
    orderType: "upload-extend",
    inputUrl: inputUrlFor(ctx),
    params: { ...ctx.params, continueAt: ctx.params.continueAt ?? req.continueAt },
  };
  const state = await runRelayTask({
    order: ctx.order,
    upstream,
    adapter: sunoAdapter,
    request,
    beforeSubmit: async (task) => ({ ...request, callbackUrl: await sunoCallbackUrl(task.id) }),
    signal,
    workerId: ctx.workerId,
    onProgress: (f, stage) => req.onProgress?.(0.85 * f, stage),
  });
  req.onProgress?.(0.9, "copying results");
  const variants = await copyVariants(upstream, state.files, req.workDir, signal);
  const configured = (JSON.parse(upstream.costs || "{}") as Record<string, number>)["upload-extend"];
  const cost = typeof state.cost === "number" ? state.cost : typeof configured === "number" ? configured : null;
  const result: ExtendResult = { variants, tempoBpm: 0, beats: 0 };
  return {
    ...result,
    upstream: {
      taskId: await upstreamTaskIdOf(ctx.order.id, upstream.id),
      status: state.raw,
      cost: cost === null ? null : Math.round(cost),
    },
  };
}

async function upstreamTaskIdOf(orderId: string, upstreamId: string): Promise<string> {
  const row = await db.relayTask.findUnique({ where: { orderId_upstreamId: { orderId, upstreamId } } });
  return row?.upstreamTaskId ?? "";
}

/** Both variants: audio through copyResults (downloaded safely, ffprobed), the cover checked as an image. */
async function copyVariants(upstream: UpstreamRow, files: UpstreamFile[], workDir: string, signal: AbortSignal) {
  const ids = [...new Set(files.filter((f) => f.business === "audio").map((f) => f.variant?.id ?? f.name))];
  if (ids.length === 0) throw new UpstreamError("unavailable", "The upstream finished without any audio");
  const out: ExtendResult["variants"] = [];
  for (const [i, id] of ids.slice(0, 2).entries()) {
    const dir = path.join(workDir, `relay-${i + 1}`);
    await fs.promises.mkdir(dir, { recursive: true });
    const of = (business: string) => files.find((f) => f.business === business && (f.variant?.id ?? f.name) === id);
    const [audio] = await copyResults([of("audio") as UpstreamFile], dir, signal, { upstreamId: upstream.id });
    const { durationSec } = await probe(audio.path, { signal });
    out.push({
      audioPath: audio.path,
      imagePath: await copyCover(of("cover"), dir, signal),
      duration: durationSec,
      jumps: 0,
    });
  }
  return out;
}

const IMAGE_MAGIC: [string, Buffer][] = [
  [".png", Buffer.from([0x89, 0x50, 0x4e, 0x47])],
  [".jpeg", Buffer.from([0xff, 0xd8, 0xff])],
  [".webp", Buffer.from("RIFF")],
];

/** The upstream's cover when it is a real image; otherwise a plain one (a cover never fails a task). */
async function copyCover(file: UpstreamFile | undefined, dir: string, signal: AbortSignal): Promise<string> {
  if (file) {
    const tmp = path.join(dir, "cover.download");
    try {
      await safeDownload(file.url, tmp, { signal, maxBytes: 10 * 1024 * 1024 });
      const head = Buffer.alloc(4);
      const fh = await fs.promises.open(tmp, "r");
      await fh.read(head, 0, 4, 0).finally(() => fh.close());
      const kind = IMAGE_MAGIC.find(([, magic]) => head.subarray(0, magic.length).equals(magic));
      if (kind) {
        const dest = path.join(dir, `cover${kind[0]}`);
        await fs.promises.rename(tmp, dest);
        return dest;
      }
    } catch (error) {
      if (signal.aborted) throw error;
      if (!(error instanceof SafeFetchError)) throw error;
    }
    await fs.promises.rm(tmp, { force: true });
  }
  const dest = path.join(dir, "cover.png");
  await fs.promises.writeFile(dest, encodePng(new Uint8Array(64 * 64 * 3).fill(48), 64, 64));
  return dest;
}
