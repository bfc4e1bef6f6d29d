// A fake OpenAI-compatible transcription server on loopback, following the documented protocol of
// POST /v1/audio/transcriptions: multipart/form-data (file, model, language, response_format,
// timestamp_granularities[]), Bearer auth, `verbose_json` / `json` / `text` / `srt` / `vtt`
// answers, OpenAI's `{error: {message, type}}` errors. Each test scripts what it answers.
import http from "node:http";
import type { AddressInfo } from "node:net";
import busboy from "busboy";

export type Received = {
  headers: http.IncomingHttpHeaders;
  fields: Record<string, string[]>;
  file: { name: string; type: string; bytes: number; wavSec: number } | null;
  bodyBytes: number;
  at: number;
  /** The client's port on loopback, to tell which process sent it. */
  remotePort: number;
};

export type Answer =
  | { status: number; json?: unknown; text?: string; headers?: Record<string, string>; delayMs?: number }
  | "default";

export type FakeOpenAI = {
  baseUrl: string;
  requests: Received[];
  /** Decides each answer; "default" answers like a real server from the audio's length. */
  respond: (req: Received, index: number) => Answer;
  /** Called once an answer has been written, with the client's port. */
  answered?: (remotePort: number) => void;
  close(): Promise<void>;
};

/** WAV payload length from its header (16 kHz mono s16 → 32000 bytes a second). */
function wavSeconds(buf: Buffer): number {
  if (buf.length < 44 || buf.toString("ascii", 0, 4) !== "RIFF") return 0;
  const byteRate = buf.readUInt32LE(28);
  let off = 12;
  while (off + 8 <= buf.length) {
    const id = buf.toString("ascii", off, off + 4);
    const size = buf.readUInt32LE(off + 4);
    if (id === "data") return Math.min(size, buf.length - off - 8) / byteRate;
    off += 8 + size;
  }
  return 0;
}

export const openaiError = (status: number, message: string, type = "invalid_request_error") => ({
  status,
  json: { error: { message, type, param: null, code: null } },
});

/** What a real server would say about `sec` seconds of audio: one segment naming its length. */
export function defaultAnswer(req: Received, text?: string): Answer {
  const sec = req.file?.wavSec ?? 0;
  const said = text ?? `piece of ${sec.toFixed(1)} seconds`;
  const segment = { id: 0, seek: 0, start: 0.25, end: Math.max(0.5, sec - 0.25), text: ` ${said}`, tokens: [] };
  const format = req.fields.response_format?.[0] ?? "json";
  const clock = (s: number, sep: string) =>
    `00:00:${String(Math.floor(s)).padStart(2, "0")}${sep}${String(Math.round((s % 1) * 1000)).padStart(3, "0")}`;
  switch (format) {
    case "verbose_json":
      return {
        status: 200,
        json: { task: "transcribe", language: "english", duration: sec, text: said, segments: [segment] },
      };
    case "srt":
      return { status: 200, text: `1\n${clock(segment.start, ",")} --> ${clock(segment.end, ",")}\n${said}\n\n` };
    case "vtt":
      return {
        status: 200,
        text: `WEBVTT\n\n${clock(segment.start, ".")} --> ${clock(segment.end, ".")}\n${said}\n\n`,
      };
    case "text":
      return { status: 200, text: `${said}\n` };
    default:
      return { status: 200, json: { text: said } };
  }
}

export async function startFakeOpenAI(
  /** models: what GET /v1/models lists; null = no such endpoint (whisper.cpp's server). */
  opts: { apiKey?: string; maxBodyBytes?: number; models?: string[] | null } = {},
): Promise<FakeOpenAI> {
  const sockets = new Set<import("node:net").Socket>();
  const fake: FakeOpenAI = {
    baseUrl: "",
    requests: [],
    respond: () => "default",
    close: async () => {},
  };
  const server = http.createServer((req, res) => {
    const send = (a: Exclude<Answer, "default">) => {
      const write = () => {
        if (res.destroyed) return;
        const body = a.json !== undefined ? JSON.stringify(a.json) : (a.text ?? "");
        res.writeHead(a.status, {
          "content-type": a.json !== undefined ? "application/json" : "text/plain; charset=utf-8",
          ...a.headers,
        });
        res.end(body);
        fake.answered?.(req.socket.remotePort ?? 0);
      };
      if (a.delayMs) setTimeout(write, a.delayMs);
      else write();
    };
    // GET /v1/models (the relay's connection test): OpenAI's list object, behind the same key.
    if (req.method === "GET" && req.url === "/v1/models" && opts.models !== null) {
      req.resume();
      if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`)
        return send(openaiError(401, "Incorrect API key provided", "invalid_api_key"));
      const models = opts.models ?? ["whisper-1"];
      return send({
        status: 200,
        json: { object: "list", data: models.map((id) => ({ id, object: "model", created: 0, owned_by: "fake" })) },
      });
    }
    if (req.method !== "POST" || req.url !== "/v1/audio/transcriptions") {
      req.resume();
      return send(openaiError(404, `Invalid URL (${req.method} ${req.url})`));
    }
    if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) {
      req.resume();
      return send(openaiError(401, "Incorrect API key provided", "invalid_api_key"));
    }
    const declared = Number(req.headers["content-length"] ?? 0);
    if (opts.maxBodyBytes && declared > opts.maxBodyBytes) {
      req.resume();
      fake.requests.push({
        headers: req.headers,
        fields: {},
        file: null,
        bodyBytes: declared,
        at: Date.now(),
        remotePort: req.socket.remotePort ?? 0,
      });
      return send(openaiError(413, "Maximum content size limit (25 MB) exceeded"));
    }
    const received: Received = {
      headers: req.headers,
      fields: {},
      file: null,
      bodyBytes: declared,
      at: Date.now(),
      remotePort: req.socket.remotePort ?? 0,
    };
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers });
    } catch {
      req.resume();
      return send(openaiError(400, "Could not parse multipart form"));
    }
    bb.on("field", (name, value) => {
      received.fields[name] = [...(received.fields[name] ?? []), value];
    });
    bb.on("file", (_name, stream, info) => {
      const chunks: Buffer[] = [];
      stream.on("data", (c: Buffer) => chunks.push(c));
      stream.on("end", () => {
        const data = Buffer.concat(chunks);
        received.file = {
          name: info.filename ?? "",
          type: info.mimeType,
          bytes: data.length,
          wavSec: wavSeconds(data),
        };
      });
    });
    bb.on("close", () => {
      const index = fake.requests.push(received) - 1;
      if (!received.file) return send(openaiError(400, "Missing file"));
      if (!received.fields.model?.[0]) return send(openaiError(400, "you must provide a model parameter"));
      const answer = fake.respond(received, index);
      send(answer === "default" ? (defaultAnswer(received) as Exclude<Answer, "default">) : answer);
    });
    req.pipe(bb);
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  fake.close = () =>
    new Promise<void>((r) => {
      for (const s of sockets) s.destroy();
      server.close(() => r());
    });
  return fake;
}
