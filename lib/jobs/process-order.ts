// Runs one claimed order: fetch the input (SSRF-safe) or take the upload, probe and measure it, raise the hold
// to the real price, run the engine, store the results. Errors are sorted into "fail now,
// uncharged" and "try again later" here, in one place.
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { isInsufficientCredits } from "@/lib/billing/ledger";
import { db } from "@/lib/db";
import { env } from "@/lib/env";
import type { Failure, FailureCode, MusicFailure } from "@/lib/contracts/failure";
import { BALANCE_NOT_ENOUGH, UPLOAD_PREFIX, type OrderType } from "@/lib/contracts/orders";
import { engineFor } from "@/lib/engines/registry";
import { EngineUnavailableError, TransientEngineError } from "@/lib/engines/types";
import { MediaError, inspectMedia } from "@/lib/media/ffmpeg";
import { SafeFetchError, safeDownload } from "@/lib/media/safe-fetch";
import { processMusicOrder } from "@/lib/music/process";
import { UpstreamError } from "@/lib/relays/types";
import { STUDIO_EXPORT, processStudioExport } from "@/lib/studio/export";
import { finishOrder, raiseHold, recordEngine, type ClaimedOrder } from "@/lib/orders/lifecycle";
import { priceFor } from "@/lib/orders/price-formula";
import { priceOf } from "@/lib/orders/pricing";
import { dataDir, ensureDir, resolveData } from "@/lib/storage/files";
import { MissingFileError, materialise, persistDir } from "@/lib/storage/store";

/** `reason` is the Open API's English text; `failure` is what people see, translated (lib/contracts/failure.ts). */
export type Outcome =
  | { kind: "finished" }
  | { kind: "failed"; reason: string; failure?: Failure; music?: MusicFailure }
  | { kind: "retry"; reason: string; failure?: Failure };

export type JobContext = {
  workerId: string;
  signal: AbortSignal;
  progress: (fraction: number, stage: string) => void;
  maxInputBytes: number;
  fetchTimeoutMs: number;
};

export async function processOrder(order: ClaimedOrder, ctx: JobContext): Promise<Outcome> {
  if (order.type === "upload-extend") return processMusicOrder(order, ctx);
  if (order.type === STUDIO_EXPORT) return processStudioExport(order, ctx);
  const workDir = await ensureDir(path.join("work", order.orderNo));
  try {
    const engine = await engineFor(order.type as OrderType, { order, workerId: ctx.workerId });

    ctx.progress(0.01, "fetching input");
    const inputPath = await obtainInput(order, workDir, ctx);

    ctx.progress(0.05, "probing");
    // Price and stored duration come from the decoded length (see inspectMedia), never from what
    // the container declares.
    const media = await inspectMedia(inputPath, { signal: ctx.signal });
    if (!media.audio) throw new MediaError("no_audio", "The file has no audio track");
    const maxMinutes = env().MAX_ORDER_MINUTES;
    if (media.durationSec > maxMinutes * 60) {
      const minutes = Math.ceil(media.durationSec / 60);
      throw new InputError(`The media is ${minutes} minutes long; orders take at most ${maxMinutes} minutes`, {
        code: "too_long",
        params: { minutes, maxMinutes },
      });
    }

    const price = priceFor(await priceOf(order.type as OrderType), media.durationSec);
    await raiseHold(order, ctx.workerId, price, media.durationSec);
    await recordEngine(order, ctx.workerId, engine.name);

    const rel = path.join("results", order.orderNo);
    // An attempt that was killed (kill -9, a lost machine) never ran its clean-up: whatever it left
    // (partial stems, an engine's work folder) goes, so each attempt starts from an empty folder.
    await fs.promises.rm(resolveData(rel), { recursive: true, force: true });
    const outDir = await ensureDir(rel);
    const files = await engine.run({
      inputPath,
      outDir,
      durationSec: media.durationSec,
      signal: ctx.signal,
      onProgress: (f, stage) => ctx.progress(0.08 + 0.9 * f, stage),
    });
    // A routed engine names what really ran once it has (relay:<upstream> or the local engine).
    await recordEngine(order, ctx.workerId, engine.name);
    const stored = await Promise.all(
      files.map(async (f) => ({
        name: f.name,
        business: f.business,
        path: path.relative(dataDir(), f.path).split(path.sep).join("/"),
        bytes: (await fs.promises.stat(f.path)).size,
      })),
    );
    // Stems the order type did not ask for are not kept.
    const keep = new Set(stored.map((f) => resolveData(f.path)));
    for (const name of await fs.promises.readdir(outDir)) {
      if (!keep.has(path.join(outDir, name)))
        await fs.promises.rm(path.join(outDir, name), { recursive: true, force: true });
    }
    // STORAGE=s3: the results are in the bucket before the order says "finish".
    await persistDir(rel);
    await finishOrder(order, ctx.workerId, stored);
    return { kind: "finished" };
  } catch (error) {
    return classify(error, ctx.maxInputBytes);
  } finally {
    await fs.promises.rm(workDir, { recursive: true, force: true });
  }
}

async function obtainInput(order: ClaimedOrder, workDir: string, ctx: JobContext): Promise<string> {
  if (order.pathKey.startsWith(UPLOAD_PREFIX)) {
    const upload = await db.upload.findFirst({
      where: { id: order.pathKey.slice(UPLOAD_PREFIX.length), teamId: order.teamId },
    });
    if (!upload) throw new InputError("The uploaded file no longer exists", { code: "upload_missing" });
    // STORAGE=s3: a local copy for the engine (a cache in DATA_DIR, fetched once per machine).
    return materialise(upload.path).catch((error) => {
      if (error instanceof MissingFileError)
        throw new InputError("The uploaded file no longer exists", { code: "upload_missing" });
      throw error;
    });
  }
  const dest = path.join(workDir, "input");
  await safeDownload(order.pathKey, dest, {
    maxBytes: ctx.maxInputBytes,
    timeoutMs: ctx.fetchTimeoutMs,
    signal: ctx.signal,
  });
  return dest;
}

class InputError extends Error {
  constructor(
    message: string,
    readonly failure: Failure,
  ) {
    super(message);
  }
}

const FETCH_FAILURES: Record<SafeFetchError["reason"], FailureCode> = {
  bad_url: "link_invalid",
  blocked_address: "link_blocked",
  dns: "link_host_unknown",
  too_many_redirects: "link_network",
  too_large: "link_too_large",
  timeout: "link_timeout",
  http_status: "link_http_status",
  network: "link_network",
};

/** What people are told about a failed download: a code, the HTTP status or the size cap, never the URL or host. */
export function fetchFailure(error: SafeFetchError, maxInputBytes: number): Failure {
  const code = FETCH_FAILURES[error.reason];
  if (code === "link_http_status")
    return error.status ? { code, params: { status: error.status } } : { code: "link_network" };
  if (code === "link_too_large") return { code, params: { mb: Math.round(maxInputBytes / 1048576) } };
  return { code };
}

function classify(error: unknown, maxInputBytes: number): Outcome {
  if (isInsufficientCredits(error))
    return { kind: "failed", reason: BALANCE_NOT_ENOUGH, failure: { code: "insufficient_credits" } };
  if (error instanceof InputError) return { kind: "failed", reason: error.message, failure: error.failure };
  if (error instanceof EngineUnavailableError)
    return { kind: "failed", reason: error.message, failure: { code: error.code } };
  if (error instanceof MediaError) {
    return error.kind === "failed"
      ? { kind: "retry", reason: error.message, failure: { code: "processing_failed" } }
      : {
          kind: "failed",
          reason: error.message,
          failure: { code: error.kind === "no_audio" ? "no_audio" : "not_media" },
        };
  }
  if (error instanceof SafeFetchError) {
    const reason = `Could not download pathKey: ${error.message}`;
    const failure = fetchFailure(error, maxInputBytes);
    return error.transient ? { kind: "retry", reason, failure } : { kind: "failed", reason, failure };
  }
  if (error instanceof UpstreamError) {
    // Only a refusal of the input reaches here (the route handles the rest): the upstream's reason.
    return error.kind === "bad_request"
      ? { kind: "failed", reason: error.message, failure: { code: "upstream_rejected" } }
      : { kind: "retry", reason: error.message, failure: { code: "processing_failed" } };
  }
  if (error instanceof TransientEngineError)
    return { kind: "retry", reason: error.message, failure: { code: "processing_failed" } };
  console.error("[jobs] unexpected error while processing an order", error);
  return {
    kind: "retry",
    reason: error instanceof Error ? error.message : "unexpected error",
    failure: { code: "unknown" },
  };
}
