// A fake Suno-style upstream (sunoapi.org / kie.ai dialect) on loopback, written from
// /work/shared/specs/upload-extend-api.md and /work/shared/research/suno-extend.md:
// - POST /api/v1/generate/upload-extend (Bearer auth, `{code, msg, data: {taskId}}`, the body's
//   `code` is the business result, sunoapi.org's table: 400 bad params, 401, 429 no credits,
//   430 throttled, 455 maintenance, 500), validating the documented custom-mode rules;
// - GET /api/v1/generate/record-info?taskId= (camelCase `response.sunoData`, two variants);
// - GET /api/v1/generate/credit (`data` = remaining credits);
// - callbacks POSTed to the request's callBackUrl like the real one (snake_case items, stages
//   text → first → complete, or a failure), with a 15 s timeout and no retries;
// - the result mp3s and covers, served from here (real audio made with ffmpeg).
// The task advances one stage per `stepMs` after it was created, or per poll (after the first) when stepMs is 0.
import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

export type FakeTaskOutcome = "SUCCESS" | "GENERATE_AUDIO_FAILED" | "SENSITIVE_WORD_ERROR" | "CALLBACK_EXCEPTION";

export type FakeSunoTask = {
  taskId: string;
  body: Record<string, unknown>;
  createdAt: number;
  polls: number;
  /** 0 PENDING, 1 TEXT_SUCCESS, 2 FIRST_SUCCESS, 3 terminal. */
  stage: number;
  outcome: FakeTaskOutcome;
  /** Bytes of uploadUrl the fake fetched (null: not fetched yet or it failed). */
  inputBytes: number | null;
  inputError: string | null;
};

export type SentCallback = { taskId: string; type: string; body: unknown; status: number | null; at: number };

export type FakeSuno = {
  baseUrl: string;
  apiKey: string;
  tasks: Map<string, FakeSunoTask>;
  /** Every submit that reached the fake (accepted or not). */
  creates: Record<string, unknown>[];
  callbacks: SentCallback[];
  requests: { method: string; url: string; authorization: string | undefined }[];
  knobs: {
    credits: number;
    /** Credits a task costs (the vendor's price hint for upload-extend). */
    price: number;
    /** The next N API calls answer HTTP 500 with a plain body. */
    fail5xx: number;
    /** The next N API calls answer HTTP 200 with this business code (e.g. 455, 430, 500). */
    failCode: { code: number; msg: string; count: number } | null;
    /** API calls never answer (the socket stays open). */
    hang: boolean;
    /** ms per stage; 0 = one stage per record-info poll. */
    stepMs: number;
    /** What the next created task ends in. */
    outcome: FakeTaskOutcome;
    /** Which callbacks are sent: all stages, only the last, or none (polling only). */
    callbacks: "all" | "complete" | "none";
    /** Send each callback this many times (the docs: the same task may be called back again). */
    callbackRepeat: number;
    /** Fetch uploadUrl like the real one does (a task whose audio cannot be fetched fails). */
    fetchInput: boolean;
    /** record-info keeps saying PENDING (a lagging query side): only the callbacks tell the truth. */
    recordInfoStuck: boolean;
  };
  /** Advances a task to the end now (and sends the callbacks due). */
  finish(taskId: string): Promise<void>;
  close(): Promise<void>;
};

const STATUS = ["PENDING", "TEXT_SUCCESS", "FIRST_SUCCESS"] as const;
const CALLBACK_TYPE = ["", "text", "first", "complete"] as const;

function makeMedia(dir: string) {
  const tone = (file: string, freq: number) =>
    execFileSync("ffmpeg", [
      "-v",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      `sine=frequency=${freq}:sample_rate=44100:duration=4`,
      "-ac",
      "2",
      "-c:a",
      "libmp3lame",
      "-b:a",
      "128k",
      path.join(dir, file),
    ]);
  const cover = (file: string, color: string) =>
    execFileSync("ffmpeg", [
      "-v",
      "error",
      "-y",
      "-f",
      "lavfi",
      "-i",
      `color=c=${color}:s=64x64`,
      "-frames:v",
      "1",
      path.join(dir, file),
    ]);
  tone("v1.mp3", 330);
  tone("v2.mp3", 550);
  cover("v1.jpeg", "teal");
  cover("v2.jpeg", "orange");
}

export async function startFakeSuno(opts: { apiKey?: string } = {}): Promise<FakeSuno> {
  const mediaDir = fs.mkdtempSync(path.join(os.tmpdir(), "fake-suno-"));
  makeMedia(mediaDir);
  const sockets = new Set<import("node:net").Socket>();
  const pending = new Set<Promise<unknown>>();
  const fake: FakeSuno = {
    baseUrl: "",
    apiKey: opts.apiKey ?? `suno-${randomBytes(12).toString("hex")}`,
    tasks: new Map(),
    creates: [],
    callbacks: [],
    requests: [],
    knobs: {
      credits: 1000,
      price: 12,
      fail5xx: 0,
      failCode: null,
      hang: false,
      stepMs: 0,
      outcome: "SUCCESS",
      callbacks: "all",
      callbackRepeat: 1,
      fetchInput: true,
      recordInfoStuck: false,
    },
    finish: async () => {},
    close: async () => {},
  };

  const items = (t: FakeSunoTask, upTo: number, snake: boolean) => {
    const body = t.body;
    return [1, 2].slice(0, upTo).map((n) => {
      const id = `${t.taskId.slice(0, 8)}-v${n}`;
      const audio = `${fake.baseUrl}/files/${t.taskId}/v${n}.mp3`;
      const image = `${fake.baseUrl}/files/${t.taskId}/v${n}.jpeg`;
      const common = {
        id,
        prompt: body.prompt ?? "",
        title: body.title ?? "Extended",
        tags: body.style ?? "",
        createTime: "2026-11-30 12:00:00",
        duration: 4,
      };
      return snake
        ? {
            ...common,
            audio_url: audio,
            source_audio_url: audio,
            stream_audio_url: `${audio}?stream=1`,
            source_stream_audio_url: `${audio}?stream=1`,
            image_url: image,
            source_image_url: image,
            model_name: body.model,
          }
        : { ...common, audioUrl: audio, streamAudioUrl: `${audio}?stream=1`, imageUrl: image, modelName: body.model };
    });
  };

  const statusOf = (t: FakeSunoTask) =>
    t.stage < 3 ? STATUS[t.stage] : t.inputError ? "CREATE_TASK_FAILED" : t.outcome;

  async function sendCallback(t: FakeSunoTask, stage: number) {
    const url = typeof t.body.callBackUrl === "string" ? t.body.callBackUrl : null;
    if (!url || fake.knobs.callbacks === "none") return;
    const failed =
      stage === 3 && (t.inputError || t.outcome === "GENERATE_AUDIO_FAILED" || t.outcome === "SENSITIVE_WORD_ERROR");
    if (fake.knobs.callbacks === "complete" && stage !== 3) return;
    if (stage === 3 && t.outcome === "CALLBACK_EXCEPTION") return; // the upstream's own callback broke
    const type = failed ? "error" : CALLBACK_TYPE[stage];
    const body = failed
      ? {
          code: t.outcome === "SENSITIVE_WORD_ERROR" ? 400 : 501,
          msg:
            t.inputError ??
            (t.outcome === "SENSITIVE_WORD_ERROR" ? "Lyrics contain sensitive words" : "Audio generation failed"),
          data: { callbackType: "error", task_id: t.taskId, data: [] },
        }
      : {
          code: 200,
          msg: stage === 1 ? "Text generation completed successfully." : "All generated successfully.",
          data: { callbackType: type, task_id: t.taskId, data: stage === 1 ? [] : items(t, stage === 2 ? 1 : 2, true) },
        };
    for (let i = 0; i < Math.max(1, fake.knobs.callbackRepeat); i++) {
      const sent: SentCallback = { taskId: t.taskId, type, body, status: null, at: Date.now() };
      fake.callbacks.push(sent);
      try {
        const res = await fetch(url, {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify(body),
          signal: AbortSignal.timeout(15_000),
        });
        sent.status = res.status;
        await res.arrayBuffer();
      } catch {
        sent.status = 0; // the docs name no retry: a lost callback is lost
      }
    }
  }

  const track = <T>(p: Promise<T>) => {
    pending.add(p);
    void p.finally(() => pending.delete(p));
    return p;
  };

  async function advance(t: FakeSunoTask, to: number) {
    while (t.stage < Math.min(3, to)) {
      t.stage++;
      if (t.stage === 3 && t.outcome !== "SUCCESS" && t.outcome !== "CALLBACK_EXCEPTION") {
        fake.knobs.credits += fake.knobs.price; // failed tasks are refunded (callback code 531 in the docs)
      }
      await track(sendCallback(t, t.stage));
    }
  }

  fake.finish = async (taskId) => {
    const t = fake.tasks.get(taskId);
    if (t) await advance(t, 3);
  };

  async function fetchInput(t: FakeSunoTask) {
    const url = String(t.body.uploadUrl);
    try {
      const res = await fetch(url, { signal: AbortSignal.timeout(15_000) });
      if (!res.ok) throw new Error(`HTTP ${res.status}`);
      t.inputBytes = (await res.arrayBuffer()).byteLength;
    } catch (error) {
      t.inputError = `Failed to fetch the uploaded audio: ${(error as Error).message}`;
    }
  }

  const validate = (b: Record<string, unknown>): string | null => {
    if (typeof b.uploadUrl !== "string" || !/^https?:\/\//.test(b.uploadUrl)) return "uploadUrl is required";
    if (typeof b.defaultParamFlag !== "boolean") return "defaultParamFlag is required";
    if (typeof b.model !== "string" || !["V4", "V4_5", "V4_5PLUS", "V4_5ALL", "V5", "V3_5"].includes(b.model))
      return "model is invalid";
    if (typeof b.callBackUrl !== "string" || !/^https?:\/\//.test(b.callBackUrl)) return "callBackUrl is required";
    if (b.defaultParamFlag) {
      if (typeof b.style !== "string" || !b.style) return "style is required in custom mode";
      if (typeof b.title !== "string" || !b.title) return "title is required in custom mode";
      if (b.instrumental === false && (typeof b.prompt !== "string" || !b.prompt))
        return "prompt is required when instrumental is false";
      if (typeof b.continueAt !== "number" || b.continueAt <= 0) return "continueAt must be greater than 0";
    }
    return null;
  };

  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? "/", "http://fake");
    const json = (code: number, msg: string, data: unknown = null, status = 200) => {
      if (res.destroyed) return;
      res.writeHead(status, { "content-type": "application/json" });
      res.end(JSON.stringify({ code, msg, data }));
    };
    if (req.method === "GET" && url.pathname.startsWith("/files/")) {
      const name = path.basename(url.pathname);
      const file = path.join(mediaDir, name);
      if (!/^v[12]\.(mp3|jpeg)$/.test(name) || !fake.tasks.has(url.pathname.split("/")[2] ?? "")) {
        res.writeHead(404).end();
        return;
      }
      res.writeHead(200, { "content-type": name.endsWith(".mp3") ? "audio/mpeg" : "image/jpeg" });
      fs.createReadStream(file).pipe(res);
      return;
    }
    fake.requests.push({ method: req.method ?? "", url: req.url ?? "", authorization: req.headers.authorization });
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      if (fake.knobs.hang) return;
      if (fake.knobs.fail5xx > 0) {
        fake.knobs.fail5xx--;
        res.writeHead(500, { "content-type": "text/plain" }).end("Internal Server Error");
        return;
      }
      if (req.headers.authorization !== `Bearer ${fake.apiKey}`) {
        return json(401, "You do not have access permissions", null, 401);
      }
      if (fake.knobs.failCode && fake.knobs.failCode.count > 0) {
        fake.knobs.failCode.count--;
        return json(fake.knobs.failCode.code, fake.knobs.failCode.msg);
      }
      if (req.method === "GET" && url.pathname === "/api/v1/generate/credit") {
        return json(200, "success", fake.knobs.credits);
      }
      if (req.method === "GET" && url.pathname === "/api/v1/generate/record-info") {
        const t = fake.tasks.get(url.searchParams.get("taskId") ?? "");
        if (!t) return json(400, "taskId: record not found");
        t.polls++;
        if (fake.knobs.recordInfoStuck) {
          return json(200, "success", {
            taskId: t.taskId,
            param: JSON.stringify(t.body),
            response: { taskId: t.taskId, sunoData: [] },
            status: "PENDING",
            type: "GENERATE",
            operationType: "upload_extend",
            errorCode: null,
            errorMessage: null,
          });
        }
        const target = fake.knobs.stepMs > 0 ? Math.floor((Date.now() - t.createdAt) / fake.knobs.stepMs) : t.polls - 1;
        void advance(t, target).then(() => {
          const status = statusOf(t);
          const done = t.stage >= 3 && (status === "SUCCESS" || status === "CALLBACK_EXCEPTION");
          const failed = t.stage >= 3 && !done;
          json(200, "success", {
            taskId: t.taskId,
            parentMusicId: "",
            param: JSON.stringify(t.body),
            response: {
              taskId: t.taskId,
              sunoData: done ? items(t, 2, false) : t.stage === 2 ? items(t, 1, false) : [],
            },
            status,
            type: "GENERATE",
            operationType: "upload_extend",
            errorCode: failed ? (status === "SENSITIVE_WORD_ERROR" ? 400 : 501) : null,
            errorMessage: failed
              ? (t.inputError ??
                (status === "SENSITIVE_WORD_ERROR" ? "Lyrics contain sensitive words" : "Audio generation failed"))
              : null,
          });
        });
        return;
      }
      if (req.method === "POST" && url.pathname === "/api/v1/generate/upload-extend") {
        let body: Record<string, unknown>;
        try {
          body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Record<string, unknown>;
        } catch {
          return json(400, "Invalid JSON");
        }
        fake.creates.push(body);
        const invalid = validate(body);
        if (invalid) return json(400, invalid);
        if (fake.knobs.credits < fake.knobs.price)
          return json(429, "The current credits are insufficient. Please top up.");
        fake.knobs.credits -= fake.knobs.price;
        const t: FakeSunoTask = {
          taskId: randomBytes(16).toString("hex"),
          body,
          createdAt: Date.now(),
          polls: 0,
          stage: 0,
          outcome: fake.knobs.outcome,
          inputBytes: null,
          inputError: null,
        };
        fake.tasks.set(t.taskId, t);
        if (fake.knobs.fetchInput) void track(fetchInput(t));
        if (fake.knobs.stepMs > 0) {
          const tick = () => {
            if (t.stage >= 3 || !fake.tasks.has(t.taskId)) return;
            void advance(t, Math.floor((Date.now() - t.createdAt) / fake.knobs.stepMs)).then(() => {
              if (t.stage < 3) timers.add(setTimeout(tick, fake.knobs.stepMs));
            });
          };
          timers.add(setTimeout(tick, fake.knobs.stepMs));
        }
        return json(200, "success", { taskId: t.taskId });
      }
      json(404, "Not found: wrong method or path", null, 404);
    });
  });
  const timers = new Set<NodeJS.Timeout>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  fake.close = async () => {
    for (const t of timers) clearTimeout(t);
    fake.tasks.clear();
    await Promise.allSettled([...pending]);
    for (const s of sockets) s.destroy();
    await new Promise<void>((r) => server.close(() => r()));
    fs.rmSync(mediaDir, { recursive: true, force: true });
  };
  return fake;
}
