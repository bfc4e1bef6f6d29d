// A YinziAI order as a Mixdesk engine: submit the order's input (its link, or a signed Mixdesk
// link to the upload), wait for the upstream, copy and check its files, and hand back the same
// files a local engine would (vocals.mp3 / accompaniment.mp3, or the four transcript files).
import "server-only";
import fs from "node:fs";
import path from "node:path";
import { writeTranscriptFiles } from "@/lib/engines/transcribe/chain";
import type { Engine, EngineFile } from "@/lib/engines/types";
import { copyResults, isTextResult, runRelayTask } from "@/lib/relays/relay-task";
import type { RelayOrder } from "@/lib/relays/input-url";
import { inputUrlOf } from "@/lib/relays/input-url";
import { UpstreamError } from "@/lib/relays/types";
import { relayEngineName, type UpstreamRow } from "@/lib/relays/upstreams";
import { yinziAdapter } from "@/lib/relays/yinzi/client";
import { parseSrt, parseVtt } from "@/lib/transcripts/format";

const WANTED: Record<string, string[]> = {
  "track-separation": ["vocals", "accompaniment"],
  "extract-voice": ["vocals"],
  "extract-music": ["accompaniment"],
};

export function yinziEngine(upstream: UpstreamRow, order: RelayOrder, workerId: string): Engine {
  return {
    name: relayEngineName(upstream),
    async run(ctx) {
      const state = await runRelayTask({
        order,
        upstream,
        adapter: yinziAdapter(),
        request: { orderType: order.type, inputUrl: await inputUrlOf(order) },
        signal: ctx.signal,
        workerId,
        onProgress: (f, stage) => ctx.onProgress(0.9 * f, stage),
      });
      ctx.onProgress(0.9, "copying results");
      // Copied into a scratch folder first: only the files the order type promises are kept.
      const scratch = await fs.promises.mkdtemp(path.join(ctx.outDir, ".relay-"));
      try {
        const copied = await copyResults(state.files, scratch, ctx.signal, { upstreamId: upstream.id });
        if (order.type === "extract-text") return await transcriptFrom(copied, ctx.outDir, ctx.durationSec);
        return await stemsFrom(copied, order.type, ctx.outDir);
      } finally {
        await fs.promises.rm(scratch, { recursive: true, force: true });
      }
    },
  };
}

async function stemsFrom(copied: EngineFile[], type: string, outDir: string): Promise<EngineFile[]> {
  const out: EngineFile[] = [];
  for (const business of WANTED[type] ?? []) {
    const f = copied.find((c) => c.business === business);
    if (!f) throw new UpstreamError("unavailable", `The upstream's results have no ${business} file`);
    const name = `${business}${path.extname(f.name).toLowerCase() || ".mp3"}`;
    await fs.promises.rename(f.path, path.join(outDir, name));
    out.push({ name, business, path: path.join(outDir, name) });
  }
  return out;
}

/** The upstream's caption (SRT/VTT, or plain text) becomes the same four files a local transcription writes. */
async function transcriptFrom(copied: EngineFile[], outDir: string, durationSec: number): Promise<EngineFile[]> {
  const texts = copied.filter((f) => isTextResult(f));
  for (const f of texts) {
    const body = await fs.promises.readFile(f.path, "utf8");
    const segments = /WEBVTT/.test(body.slice(0, 20)) ? parseVtt(body) : parseSrt(body);
    if (segments.length)
      return writeTranscriptFiles(outDir, { engine: "relay", language: null, segments }, durationSec);
  }
  const plain = texts.find((f) => path.extname(f.name).toLowerCase() === ".txt");
  if (plain) {
    const text = (await fs.promises.readFile(plain.path, "utf8")).trim();
    if (text)
      return writeTranscriptFiles(
        outDir,
        { engine: "relay", language: null, segments: [{ start: 0, end: Math.max(0.5, durationSec), text }] },
        durationSec,
      );
  }
  throw new UpstreamError("unavailable", "The upstream's results have no readable transcript");
}
