// A loopback webhook receiver: records every POST (headers and raw body) and can be told to answer
// an error a number of times per path first, to exercise retries.
import { createHmac, timingSafeEqual } from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";

export type Received = {
  path: string;
  at: number;
  headers: http.IncomingHttpHeaders;
  raw: string;
  json: unknown;
  answered: number;
};

export type Receiver = {
  baseUrl: string;
  received: Received[];
  /** Answer `status` to the next `times` requests on `path`. */
  failNext(path: string, times: number, status?: number): void;
  /** Waits until `predicate` holds for the received list. */
  waitFor(predicate: (r: Received[]) => boolean, ms?: number): Promise<Received[]>;
  close(): Promise<void>;
};

export async function startReceiver(): Promise<Receiver> {
  const received: Received[] = [];
  const failures = new Map<string, { times: number; status: number }>();
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (c: Buffer) => chunks.push(c));
    req.on("end", () => {
      const raw = Buffer.concat(chunks).toString("utf8");
      const path = new URL(req.url ?? "/", "http://x").pathname;
      const f = failures.get(path);
      let status = 200;
      if (f && f.times > 0) {
        f.times--;
        status = f.status;
      }
      let json: unknown = null;
      try {
        json = JSON.parse(raw);
      } catch {
        /* recorded raw */
      }
      received.push({ path, at: Date.now(), headers: req.headers, raw, json, answered: status });
      res.writeHead(status, { "content-type": "application/json" }).end(JSON.stringify({ ok: status === 200 }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  return {
    baseUrl: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    received,
    failNext: (path, times, status = 500) => failures.set(path, { times, status }),
    async waitFor(predicate, ms = 60_000) {
      const end = Date.now() + ms;
      while (!predicate(received)) {
        if (Date.now() > end)
          throw new Error(
            `receiver: condition not met; got ${JSON.stringify(received.map((r) => [r.path, r.headers["x-mixdesk-event"]]))}`,
          );
        await new Promise((r) => setTimeout(r, 100));
      }
      return received;
    },
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

/** The receiver-side check from the README: HMAC-SHA256 over `<timestamp>.<raw body>`. */
export function verifySignature(secret: string, headers: http.IncomingHttpHeaders, raw: string): boolean {
  const timestamp = String(headers["x-mixdesk-timestamp"] ?? "");
  const given = String(headers["x-mixdesk-signature"] ?? "");
  const expected = `v1=${createHmac("sha256", secret).update(`${timestamp}.${raw}`).digest("hex")}`;
  return given.length === expected.length && timingSafeEqual(Buffer.from(given), Buffer.from(expected));
}
