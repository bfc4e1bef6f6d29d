// A finished extract-text order made the way the engine finishes one (lib/jobs/process-order.ts
// + the transcript contract of lib/transcripts/format.ts): the four files under
// DATA_DIR/results/<orderNo>/ and their OrderFile rows. Used by the HTTP tests of captions, which
// need a finished order without running an engine.
import fs from "node:fs";
import path from "node:path";
import type { db as Db } from "@/lib/db";
import { newOrderNo } from "@/lib/orders/order-no";
import { putStored } from "@/test/helpers/stored";
import { makeTranscript, type Segment, toSrt, toTxt, toVtt } from "@/lib/transcripts/format";

export type TextOrderSeed = {
  userId: string;
  teamId: string;
  /** Absolute DATA_DIR of the server. */
  dataDir: string;
  pathKey: string;
  durationSec: number;
  segments: Segment[];
  /** The server's STORAGE=s3 settings (TestServer.s3): the files go to its bucket, as the engine's would. */
  s3?: Record<string, string>;
  language?: string | null;
  engine?: string;
};

export async function seedTextOrder(db: typeof Db, o: TextOrderSeed): Promise<{ orderNo: string }> {
  const orderNo = newOrderNo();
  const rel = `results/${orderNo}`;
  fs.mkdirSync(path.join(o.dataDir, rel), { recursive: true });
  const transcript = makeTranscript({
    language: o.language ?? null,
    engine: o.engine ?? "subtitles:mov_text",
    durationSec: o.durationSec,
    segments: o.segments,
  });
  const files = [
    { name: "transcript.txt", business: "text", body: toTxt(transcript.segments) },
    { name: "subtitles.srt", business: "srt", body: toSrt(transcript.segments) },
    { name: "subtitles.vtt", business: "vtt", body: toVtt(transcript.segments) },
    { name: "transcript.json", business: "transcript", body: JSON.stringify(transcript) },
  ];
  for (const f of files) {
    if (o.s3) await putStored(o.s3, `${rel}/${f.name}`, f.body);
    else fs.writeFileSync(path.join(o.dataDir, rel, f.name), f.body);
  }
  const now = new Date();
  await db.order.create({
    data: {
      orderNo,
      userId: o.userId,
      teamId: o.teamId,
      type: "extract-text",
      status: "finish",
      payStatus: "paid",
      messageId: `seed-${orderNo}`,
      pathKey: o.pathKey,
      holdAmount: 0,
      progress: 1,
      durationSec: o.durationSec,
      startedAt: now,
      finishedAt: now,
      files: {
        create: files.map((f) => ({
          name: f.name,
          business: f.business,
          path: `${rel}/${f.name}`,
          bytes: Buffer.byteLength(f.body),
        })),
      },
    },
  });
  return { orderNo };
}
