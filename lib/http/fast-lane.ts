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
import type { IncomingMessage, ServerResponse } from "node:http";
import { SECURITY_HEADERS } from "@/lib/http/security-headers.mjs";

export type FastHandler = (req: Request) => Promise<Response> | Response;

type Lane = Map<string, FastHandler>;

/** The routes, by pathname (GET and HEAD only). Loaded lazily so Next has started first. */
async function loadLane(): Promise<Lane> {
  const [live, orderQuery, recordInfo] = await Promise.all([
    import("@/app/api/health/live/route"),
    import("@/app/api/open/v1/order/query/route"),
    import("@/app/api/v1/generate/record-info/route"),
  ]);
  return new Map<string, FastHandler>([
    ["/api/health/live", live.GET],
    ["/api/open/v1/order/query", orderQuery.GET],
    ["/api/v1/generate/record-info", recordInfo.GET],
  ]);
}

const pathOf = (url: string) => {
  const q = url.indexOf("?");
  return q === -1 ? url : url.slice(0, q);
};

function toRequest(req: IncomingMessage, origin: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    if (Array.isArray(value)) for (const v of value) headers.append(name, v);
    else headers.set(name, value);
  }
  return new Request(new URL(req.url ?? "/", origin), { method: req.method, headers });
}

async function send(res: ServerResponse, response: Response, head: boolean) {
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
      const handler = lane.get(pathOf(req.url ?? "/"));
      if (!handler) return false;
      const head = req.method === "HEAD";
      Promise.resolve()
        .then(() => handler(toRequest(req, origin)))
        .then((response) => send(res, response, head))
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
