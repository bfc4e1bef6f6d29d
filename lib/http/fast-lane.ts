// The fast lane: the API's hottest reads served straight from Node's HTTP server, before Next.js's
// request pipeline. The handlers are the very route functions Next serves (same module, same
// createRoute factory: authentication, validation, envelopes, request ids); only the way in is
// shorter. Next's pipeline (router, rewrites, route-module preparation, abort signals, response
// streaming and compression) costs about 1.5 ms of CPU per request on a small core, several times
// what an order query itself costs, so an API client polling its orders would otherwise be limited
// by the framework rather than by the work (issue #13's load target; bench/load.ts measures both).
//
// Only GET routes whose handler needs nothing from Next's request scope belong here: no cookies(),
// no headers(), no sessions. Everything else goes through Next unchanged. scripts/server.ts is the
// server that uses this; `next start` still works and simply serves these routes through Next.
//
// The lane gives a route only the request's head (method, URL, headers, read from Node's own
// request) and writes the Reply it answers (reply.ts) as it is: no web Request or Response is
// built unless a handler asks for one, which is most of what the lane saves.
import type { IncomingMessage, ServerResponse } from "node:http";
import { Reply, type RequestHead } from "@/lib/http/reply";
import { type LaneEntry, laneEntryOf } from "@/lib/http/route";
import { SECURITY_HEADERS } from "@/lib/http/security-headers.mjs";

type Lane = Map<string, LaneEntry>;

const SECURITY = Object.fromEntries(SECURITY_HEADERS.map(({ key, value }) => [key, value]));

/** The routes, by pathname (GET and HEAD only). Loaded lazily so Next has started first. */
async function loadLane(): Promise<Lane> {
  const [live, orderQuery, recordInfo] = await Promise.all([
    import("@/app/api/health/live/route"),
    import("@/app/api/open/v1/order/query/route"),
    import("@/app/api/v1/generate/record-info/route"),
  ]);
  const lane: Lane = new Map();
  for (const [path, handler] of [
    ["/api/health/live", live.GET],
    ["/api/open/v1/order/query", orderQuery.GET],
    ["/api/v1/generate/record-info", recordInfo.GET],
  ] as const) {
    const entry = laneEntryOf(handler);
    if (!entry) throw new Error(`${path}: its GET is not made by createRoute, so it cannot be on the fast lane`);
    lane.set(path, entry);
  }
  return lane;
}

const pathOf = (url: string) => {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
};

/** The head of Node's request, read in place: header names are already lower case there. */
function headOf(req: IncomingMessage, url: string): RequestHead {
  const raw = req.headers;
  const value = (name: string) => {
    const v = raw[name.toLowerCase()];
    return v === undefined ? null : Array.isArray(v) ? v.join(", ") : v;
  };
  return {
    method: req.method ?? "GET",
    url,
    headers: { get: value, has: (name) => value(name) !== null },
  };
}

function toRequest(req: IncomingMessage, url: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return new Request(url, { method: req.method, headers });
}

function sendReply(res: ServerResponse, reply: Reply, head: boolean) {
  // Object.assign, not spread: V8 copies a spread of these dashed-name headers about eight times
  // slower, and the copies made young-generation collections dearer.
  res.writeHead(
    reply.status,
    Object.assign({}, SECURITY, reply.headers, { "content-length": String(Buffer.byteLength(reply.text)) }),
  );
  res.end(head ? undefined : reply.text);
}

/** A Response a handler made itself (none of the lane's routes today; kept whole if one does). */
async function sendResponse(res: ServerResponse, response: Response, head: boolean) {
  res.statusCode = response.status;
  for (const { key, value } of SECURITY_HEADERS) res.setHeader(key, value);
  const cookies = response.headers.getSetCookie();
  for (const [name, value] of response.headers) if (name !== "set-cookie") res.setHeader(name, value);
  if (cookies.length) res.setHeader("set-cookie", cookies);
  const body = head || !response.body ? null : Buffer.from(await response.arrayBuffer());
  if (body && !res.hasHeader("content-length")) res.setHeader("content-length", body.length);
  res.end(body);
}

export type FastLane = {
  /** Serves the request when it is on the lane; false means "give it to Next". */
  serve(req: IncomingMessage, res: ServerResponse): boolean;
};

export async function createFastLane(origin: string): Promise<FastLane> {
  const lane = await loadLane();
  return {
    serve(req, res) {
      if (req.method !== "GET" && req.method !== "HEAD") return false;
      const target = req.url ?? "/";
      const entry = lane.get(pathOf(target));
      if (!entry) return false;
      const head = req.method === "HEAD";
      const url = target.startsWith("/") ? origin + target : new URL(target, origin).href;
      let request: Request | undefined;
      Promise.resolve()
        .then(() =>
          entry(headOf(req, url), () => {
            request ??= toRequest(req, url);
            return request;
          }),
        )
        .then((answer) => (answer instanceof Reply ? sendReply(res, answer, head) : sendResponse(res, answer, head)))
        .catch((error: unknown) => {
          // createRoute answers every failure in the dialect's envelope; reaching here is a bug.
          console.error("[fast-lane]", req.url, error);
          if (!res.headersSent) {
            res.statusCode = 500;
            res.setHeader("content-type", "application/json");
          }
          res.end(res.headersSent ? undefined : JSON.stringify({ error: "Internal error" }));
        });
      return true;
    },
  };
}
