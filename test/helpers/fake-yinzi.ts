// A fake YinziAI Open API v1 on loopback, written from shared/specs/yinzi-open-api-v1.md: Bearer
// (or ?apiKey=) auth, the {code, data, msg} envelope, POST /api/open/v1/order/create, GET
// /api/open/v1/order/query (charges on the first query after the order finishes), POST
// /api/open/v1/short-video/analyze (charged at once). It serves its own result files (made with
// ffmpeg at start) under /cdn/. Knobs let a test make it fail the way a real upstream does.
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";

export type FakeOrder = {
  orderNo: string;
  orderType: string;
  pathKey: string;
  polls: number;
  status: "pending" | "processing" | "finish" | "failed" | "timeout";
  cost: number;
  charged: boolean;
  reason: string | null;
  /** The knobs as they were when the order was created (each order keeps its own fate). */
  finishAfterPolls: number;
  failWith: { status: "failed" | "timeout"; reason: string } | null;
};

export type SeenRequest = { method: string; url: string; headers: http.IncomingHttpHeaders; body: string };

export type FakeYinzi = {
  baseUrl: string;
  apiKey: string;
  orders: Map<string, FakeOrder>;
  requests: SeenRequest[];
  /** Create calls answered with an order number. */
  creates(): number;
  balance: number;
  knobs: {
    /** The next N API calls answer HTTP `failStatus` (default 503). */
    failNext: number;
    failStatus: number;
    /** Every API call hangs (never answers) while set. */
    hang: boolean;
    /** The next create is refused with HTTP 400 and this reason. */
    rejectNextWith: string | null;
    /** An order created now finishes on the Kth query (default 2). */
    finishAfterPolls: number;
    /** Orders created now end `failed` (or `timeout`) with this reason instead of finishing. */
    failTasksWith: { status: "failed" | "timeout"; reason: string } | null;
    /** Result files are served as garbage (they fail ffprobe). */
    brokenResults: boolean;
    /** Price per order (deducted at the first query after it finishes). */
    price: number;
    /** analyze refuses the link with this reason. */
    analyzeRejectWith: string | null;
    /** Error messages echo the key the caller sent (some gateways do): it must go no further. */
    echoKey: boolean;
  };
  close(): Promise<void>;
};

function makeClip(file: string, args: string[]) {
  execFileSync("ffmpeg", ["-v", "error", "-y", ...args, file]);
}

let counter = 0;
const newOrderNo = () =>
  `YZ${Date.now().toString(36).toUpperCase()}${(counter++).toString(36).toUpperCase()}`.padEnd(18, "0").slice(0, 18);

export async function startFakeYinzi(opts: { apiKey?: string; balance?: number } = {}): Promise<FakeYinzi> {
  const cdn = fs.mkdtempSync(path.join(os.tmpdir(), "fake-yinzi-"));
  const sine = (f: number) => ["-f", "lavfi", "-i", `sine=frequency=${f}:sample_rate=44100:duration=3`];
  makeClip(path.join(cdn, "vocals.mp3"), [...sine(440), "-ac", "2", "-c:a", "libmp3lame", "-b:a", "96k"]);
  makeClip(path.join(cdn, "accompaniment.mp3"), [...sine(220), "-ac", "2", "-c:a", "libmp3lame", "-b:a", "96k"]);
  makeClip(path.join(cdn, "video.mp4"), [
    "-f",
    "lavfi",
    "-i",
    "color=c=blue:s=160x120:d=3",
    ...sine(330),
    "-shortest",
    "-c:v",
    "mpeg4",
    "-c:a",
    "aac",
  ]);
  makeClip(path.join(cdn, "music.mp3"), [...sine(550), "-c:a", "libmp3lame"]);
  fs.writeFileSync(path.join(cdn, "caption.srt"), "1\n00:00:00,500 --> 00:00:02,500\nhello from the upstream\n\n");
  fs.writeFileSync(path.join(cdn, "garbage.mp3"), Buffer.alloc(4096, 7));

  const apiKey = opts.apiKey ?? "yz-test-key-0123456789abcdef";
  const sockets = new Set<import("node:net").Socket>();
  let created = 0;
  const fake: FakeYinzi = {
    baseUrl: "",
    apiKey,
    orders: new Map(),
    requests: [],
    creates: () => created,
    balance: opts.balance ?? 1000,
    knobs: {
      failNext: 0,
      failStatus: 503,
      hang: false,
      rejectNextWith: null,
      finishAfterPolls: 2,
      failTasksWith: null,
      brokenResults: false,
      price: 10,
      analyzeRejectWith: null,
      echoKey: false,
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((r) => server.close(() => r()));
      fs.rmSync(cdn, { recursive: true, force: true });
    },
  };

  let lastKey = "";
  const send = (res: http.ServerResponse, status: number, code: number, data: unknown, msg = "success") => {
    if (code !== 0 && fake.knobs.echoKey) msg = `${msg} (apiKey=${lastKey}, Authorization: Bearer ${lastKey})`;
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify({ code, data, msg }));
  };

  const stuffsOf = (o: FakeOrder) => {
    const file = (name: string, business: string) => ({
      name,
      business,
      url: `${fake.baseUrl}/cdn/${fake.knobs.brokenResults ? "garbage.mp3" : name}?exp=3600`,
    });
    switch (o.orderType) {
      case "track-separation":
        return [file("vocals.mp3", "vocals"), file("accompaniment.mp3", "accompaniment")];
      case "extract-voice":
        return [file("vocals.mp3", "vocals")];
      case "extract-music":
        return [file("accompaniment.mp3", "accompaniment")];
      default:
        return [{ name: "caption.srt", business: "caption", url: `${fake.baseUrl}/cdn/caption.srt` }];
    }
  };

  const server = http.createServer((req, res) => {
    let body = "";
    req.on("data", (c) => (body += c));
    req.on("end", () => {
      const u = new URL(req.url ?? "/", "http://x");
      if (u.pathname.startsWith("/cdn/")) {
        const file = path.join(cdn, path.basename(u.pathname));
        if (!fs.existsSync(file)) return res.writeHead(404).end();
        res.writeHead(200, { "content-length": fs.statSync(file).size });
        return fs.createReadStream(file).pipe(res);
      }
      fake.requests.push({ method: req.method ?? "", url: req.url ?? "", headers: req.headers, body });
      lastKey = (req.headers.authorization ?? "").replace(/^Bearer /, "") || (u.searchParams.get("apiKey") ?? "");
      if (fake.knobs.hang) return;
      if (fake.knobs.failNext > 0) {
        fake.knobs.failNext--;
        return send(res, fake.knobs.failStatus, fake.knobs.failStatus, null, "Internal Server Error");
      }
      const auth = req.headers.authorization ?? "";
      const key = auth.startsWith("Bearer ") ? auth.slice(7) : u.searchParams.get("apiKey");
      if (!key) return send(res, 401, 401, null, "API Key is required");
      if (key !== apiKey) return send(res, 401, 401, null, "Invalid API Key");
      let json: Record<string, unknown> = {};
      try {
        json = body ? JSON.parse(body) : {};
      } catch {
        return send(res, 400, 400, null, "Invalid JSON");
      }

      if (req.method === "POST" && u.pathname === "/api/open/v1/order/create") {
        const orderType = String(json.orderType ?? "");
        const pathKey = String((json.stuff as { pathKey?: unknown } | undefined)?.pathKey ?? "");
        if (!["track-separation", "extract-voice", "extract-music", "extract-text"].includes(orderType))
          return send(res, 400, 400, null, "Invalid orderType");
        if (!pathKey) return send(res, 400, 400, null, "pathKey is required");
        if (fake.knobs.rejectNextWith) {
          const reason = fake.knobs.rejectNextWith;
          fake.knobs.rejectNextWith = null;
          return send(res, 400, 400, null, reason);
        }
        if (fake.balance < fake.knobs.price) return send(res, 400, 400, null, "ErrorCode.USER_BLANCE_NOT_ENOUGH");
        const o: FakeOrder = {
          orderNo: newOrderNo(),
          orderType,
          pathKey,
          polls: 0,
          status: "processing",
          cost: 0,
          charged: false,
          reason: null,
          finishAfterPolls: fake.knobs.finishAfterPolls,
          failWith: fake.knobs.failTasksWith,
        };
        fake.orders.set(o.orderNo, o);
        created++;
        return send(res, 200, 0, {
          orderNo: o.orderNo,
          orderType,
          orderStatus: o.status,
          payStatus: "waiting",
          messageId: `msg-${o.orderNo}`,
        });
      }

      if (req.method === "GET" && u.pathname === "/api/open/v1/order/query") {
        const o = fake.orders.get(u.searchParams.get("orderNo") ?? "");
        if (!o) return send(res, 400, 400, null, "Order not found");
        o.polls++;
        if (o.status === "processing" && o.polls >= o.finishAfterPolls) {
          if (o.failWith) {
            o.status = o.failWith.status;
            o.reason = o.failWith.reason;
          } else o.status = "finish";
        }
        // The spec: the first query after an order finishes charges it.
        if (o.status === "finish" && !o.charged) {
          o.charged = true;
          o.cost = fake.knobs.price;
          fake.balance -= o.cost;
        }
        return send(res, 200, 0, {
          orderNo: o.orderNo,
          orderType: o.orderType,
          status: o.status,
          cost: o.cost,
          reason: o.reason,
          stuffs: o.status === "finish" ? stuffsOf(o) : [],
          balance: fake.balance,
        });
      }

      if (req.method === "POST" && u.pathname === "/api/open/v1/short-video/analyze") {
        const link = String(json.link ?? "");
        if (!link) return send(res, 400, 400, null, "link is required");
        if (fake.knobs.analyzeRejectWith) return send(res, 400, 400, null, fake.knobs.analyzeRejectWith);
        if (fake.balance < 1) return send(res, 400, 400, null, "ErrorCode.USER_BLANCE_NOT_ENOUGH");
        fake.balance -= 1;
        return send(res, 200, 0, {
          title: "Upstream parsed video",
          author: "someone",
          cover: `${fake.baseUrl}/cdn/cover.jpg`,
          videoUrl: `${fake.baseUrl}/cdn/video.mp4`,
          musicUrl: `${fake.baseUrl}/cdn/music.mp3`,
          balance: fake.balance,
        });
      }
      return send(res, 404, 404, null, "Not found");
    });
  });
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", () => r()));
  fake.baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return fake;
}
