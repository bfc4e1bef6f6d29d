// The OpenAI-compatible relay against a fake server on loopback that speaks the documented
// protocol: multipart upload, verbose_json, format fallback, 401, 413, 429/5xx with retry-after,
// slow answers; long media cut at silences under the upload limit, sent with bounded concurrency,
// timestamps stitched back.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { writeTranscriptFiles } from "@/lib/engines/transcribe/chain";
import { type OpenAIEngineConfig, openaiEngine, planPieces } from "@/lib/engines/transcribe/openai";
import { retryAfterMs, transcriptionsUrl } from "@/lib/engines/transcribe/openai-client";
import { isSkip, type TranscribeResult } from "@/lib/engines/transcribe/types";
import { EngineUnavailableError, TransientEngineError } from "@/lib/engines/types";
import { parseTranscript } from "@/lib/transcripts/format";
import { defaultAnswer, type FakeOpenAI, openaiError, startFakeOpenAI } from "@/test/helpers/fake-openai";
import { expectValidSrt, expectValidVtt } from "@/test/helpers/subtitles";
import { makeBursts, transcribeContext } from "@/test/helpers/transcribe-media";

const dir = fs.mkdtempSync(path.join(os.tmpdir(), "mx-openai-"));
let fake: FakeOpenAI;
let short: string;
let long: string;

beforeAll(async () => {
  fake = await startFakeOpenAI({ apiKey: "sk-test-key" });
  short = makeBursts(path.join(dir, "short.wav"), [[0.5, 2.5]], 3);
  // Four "phrases" with a second of silence between them: the cuts belong at 4.5, 9.5 and 14.5 s.
  long = makeBursts(
    path.join(dir, "long.wav"),
    [
      [0, 4],
      [5, 9],
      [10, 14],
      [15, 19],
    ],
    20,
  );
});
afterEach(() => {
  fake.requests.length = 0;
  fake.respond = () => "default";
});
afterAll(async () => {
  await fake.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

const cfg = (over: Partial<OpenAIEngineConfig> = {}): OpenAIEngineConfig => ({
  baseUrl: fake.baseUrl,
  apiKey: "sk-test-key",
  model: "whisper-1",
  language: null,
  timeoutMs: 5000,
  maxAttempts: 3,
  maxUploadBytes: 16 * 1024 * 1024,
  concurrency: 2,
  ...over,
});

let n = 0;
async function transcribe(over: Partial<OpenAIEngineConfig>, file = short, sec = 3): Promise<TranscribeResult> {
  const ctx = transcribeContext(file, path.join(dir, `work-${n++}`), sec, "wav");
  const r = await openaiEngine(cfg(over), "unused").transcribe(ctx);
  if (isSkip(r)) throw new Error(r.skip);
  return r;
}

describe("OpenAI-compatible relay", () => {
  it("uploads 16 kHz mono WAV as multipart with the model, language and verbose_json, and reads the segments", async () => {
    const r = await transcribe({ language: "en" });
    expect(fake.requests).toHaveLength(1);
    const req = fake.requests[0];
    expect(req.headers.authorization).toBe("Bearer sk-test-key");
    expect(req.headers["content-type"]).toMatch(/^multipart\/form-data; boundary=/);
    expect(req.fields).toEqual({
      model: ["whisper-1"],
      response_format: ["verbose_json"],
      language: ["en"],
      "timestamp_granularities[]": ["segment"],
    });
    expect(req.file).toMatchObject({ name: "audio.wav", type: "audio/wav" });
    expect(req.file?.wavSec).toBeCloseTo(3, 2);
    expect(r).toEqual({
      engine: "openai:whisper-1",
      language: "en",
      segments: [{ start: 0.25, end: 2.75, text: " piece of 3.0 seconds" }],
    });
  });

  it("cuts long media at its silences under the upload limit, two requests at a time, and stitches the times", async () => {
    let inFlight = 0;
    let most = 0;
    fake.respond = (req) => {
      most = Math.max(most, ++inFlight);
      setTimeout(() => inFlight--, 400);
      return { ...(defaultAnswer(req) as object), delayMs: 400 } as never;
    };
    const limit = 7 * 32_000 + 4096; // seven seconds of 16 kHz 16-bit mono, with room for the framing
    const r = await transcribe({ maxUploadBytes: limit, concurrency: 2 }, long, 20);
    expect(fake.requests).toHaveLength(4);
    for (const req of fake.requests) expect(req.bodyBytes).toBeLessThanOrEqual(limit);
    expect(most).toBe(2);
    // Cut in the middle of each second of silence (silencedetect is exact to a few ms on digital silence).
    const cuts = [0, 4.5, 9.5, 14.5];
    // Two at a time: the pieces arrive in either order, so compare their lengths as a set.
    const lengths = fake.requests.map((q) => q.file?.wavSec ?? 0).sort((a, b) => a - b);
    expect(lengths).toEqual([4.5, 5, 5, 5.5].map((v) => expect.closeTo(v, 1)));
    expect(r.segments).toHaveLength(4);
    r.segments.forEach((s, i) => {
      expect(s.start).toBeCloseTo(cuts[i] + 0.25, 1);
      expect(s.text).toMatch(/^ piece of \d\.\d seconds$/);
    });
    expect(r.segments.at(-1)?.end).toBeCloseTo(19.75, 1);
    expect(planPieces({ start: 0, end: 20 }, 7, [])).toEqual([
      { start: 0, end: 7 },
      { start: 7, end: 14 },
      { start: 14, end: 20 },
    ]);
  });

  it("on 413 cuts the piece in two at a pause and sends both halves", async () => {
    const strict = await startFakeOpenAI({ maxBodyBytes: 12 * 32_000 });
    try {
      const r = await transcribe({ baseUrl: strict.baseUrl, apiKey: null }, long, 20);
      expect(strict.requests.map((q) => q.file?.wavSec.toFixed(1) ?? "refused")).toEqual(["refused", "9.5", "10.5"]);
      expect(strict.requests[0].bodyBytes).toBeGreaterThan(20 * 32_000);
      expect(strict.requests[1].headers.authorization).toBeUndefined();
      expect(r.segments.map((s) => Math.round(s.start * 10) / 10)).toEqual([0.3, 9.8]);
    } finally {
      await strict.close();
    }
  });

  it("fails at once, without retrying, when the key is refused (401), naming where to set it", async () => {
    const failure = transcribe({ apiKey: "sk-wrong" });
    await expect(failure).rejects.toBeInstanceOf(EngineUnavailableError);
    await expect(failure).rejects.toThrow(
      /refused the API key \(HTTP 401: Incorrect API key provided\); set the key on the admin settings page/,
    );
    expect(fake.requests).toHaveLength(0); // refused before the body was read
  });

  it("waits as long as retry-after says on 429 and 503, then succeeds", async () => {
    fake.respond = (_req, i) =>
      i === 0
        ? { ...openaiError(429, "Rate limit reached", "requests"), headers: { "retry-after": "1" } }
        : i === 1
          ? { ...openaiError(503, "overloaded", "server_error"), headers: { "retry-after": "0" } }
          : "default";
    const r = await transcribe({});
    expect(fake.requests).toHaveLength(3);
    expect(fake.requests[1].at - fake.requests[0].at).toBeGreaterThanOrEqual(950);
    expect(r.segments).toHaveLength(1);
    expect(retryAfterMs("Wed, 21 Oct 2099 07:28:00 GMT", 1)).toBe(60_000);
    expect(retryAfterMs(undefined, 2)).toBe(4000);
  });

  it("gives up as a transient failure (the order is tried again later) when 5xx persists", async () => {
    fake.respond = () => ({ ...openaiError(500, "boom", "server_error"), headers: { "retry-after": "0" } });
    const failure = transcribe({ maxAttempts: 3 });
    await expect(failure).rejects.toBeInstanceOf(TransientEngineError);
    await expect(failure).rejects.toThrow("The transcription server is busy or failing (HTTP 500: boom)");
    expect(fake.requests).toHaveLength(3);
  });

  it("waits for a slow answer within the timeout, and retries one past it", async () => {
    fake.respond = (req) => ({ ...(defaultAnswer(req) as object), delayMs: 600 }) as never;
    expect((await transcribe({ timeoutMs: 3000 })).segments).toHaveLength(1);
    fake.requests.length = 0;
    fake.respond = (req, i) => (i === 0 ? ({ ...(defaultAnswer(req) as object), delayMs: 3000 } as never) : "default");
    const r = await transcribe({ timeoutMs: 800 });
    expect(fake.requests).toHaveLength(2);
    expect(r.segments).toHaveLength(1);
  });

  it("falls back to srt when the server refuses verbose_json, and keeps asking for srt", async () => {
    fake.respond = (req) =>
      req.fields.response_format?.[0] === "verbose_json"
        ? openaiError(400, "response_format 'verbose_json' is not supported by this model")
        : "default";
    const r = await transcribe({ maxUploadBytes: 7 * 32_000 + 4096, concurrency: 1 }, long, 20);
    expect(fake.requests.map((q) => q.fields.response_format[0])).toEqual(["verbose_json", "srt", "srt", "srt", "srt"]);
    expect(r.engine).toBe("openai:whisper-1(srt)");
    expect(r.segments[1]).toEqual({
      start: expect.closeTo(4.75, 1),
      end: expect.closeTo(9.25, 1),
      text: "piece of 5.0 seconds",
    });
  });

  it("writes Chinese from the server as UTF-8 in all four files", async () => {
    const said = "大家好，欢迎收听今天的节目。";
    fake.respond = (req) => {
      const a = defaultAnswer(req, said) as { json: { language: string } };
      a.json.language = "chinese";
      return a as never;
    };
    const r = await transcribe({});
    const out = path.join(dir, "zh");
    fs.mkdirSync(out);
    const files = await writeTranscriptFiles(out, r, 3);
    const read = (b: string) => fs.readFileSync(files.find((f) => f.business === b)!.path);
    const json = parseTranscript(read("transcript").toString("utf8"));
    expect(json).toMatchObject({ language: "zh", engine: "openai:whisper-1" });
    expect(json.segments).toEqual([{ start: 0.25, end: 2.75, text: said }]);
    expect(read("text").equals(Buffer.from(`${said}\n`, "utf8"))).toBe(true);
    expect(expectValidSrt(read("srt").toString("utf8"))[0].text).toBe(said);
    expect(expectValidVtt(read("vtt").toString("utf8"))[0].text).toBe(said);
  });

  it("finds the endpoint whether the base URL ends in /v1 or not", () => {
    expect(transcriptionsUrl("http://127.0.0.1:8080/v1/")).toBe("http://127.0.0.1:8080/v1/audio/transcriptions");
    expect(transcriptionsUrl("http://127.0.0.1:8080")).toBe("http://127.0.0.1:8080/v1/audio/transcriptions");
  });
});
