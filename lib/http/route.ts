// The one route factory. Every route handler is `createRoute({ auth, dialect, body, query, params,
// handler })`: it gives the request an id (X-Request-Id on every answer, in logs and problem bodies),
// refuses cross-site and non-JSON writes on browser routes, authenticates, runs the route's guard
// (a dialect's maintenance switch and per-key limits), caps the body before it is read, parses input
// with the zod schemas, runs the handler and maps whatever it throws to the dialect's envelope
// (dialects.ts). Handlers contain no try/catch.
import "server-only";
import type { z } from "zod";
import { type ApiKeyPrincipal, type KeyedRead, resolveApiKey } from "@/lib/auth/api-keys";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import { env } from "@/lib/env";
import { AppError } from "@/lib/errors";
import { hasBody, queryObject, readJson } from "@/lib/http/body";
import { DIALECTS, requestIdOf, type DialectName } from "@/lib/http/dialects";
import { Reply, type RequestHead } from "@/lib/http/reply";

export type AuthKind = "public" | "session" | "admin" | "apiKey";

type Out<S> = S extends z.ZodType ? z.output<S> : undefined;
type Who<A extends AuthKind> = A extends "apiKey"
  ? { principal: ApiKeyPrincipal }
  : A extends "public"
    ? { user: null }
    : { user: SessionUser };

export type RouteArgs<A extends AuthKind, B, Q, P, K = undefined> = {
  req: Request;
  /** What the route's `keyed` read found (null: nothing); undefined when the query did not parse. */
  keyed: K | null | undefined;
  requestId: string;
  body: Out<B>;
  query: Out<Q>;
  params: P extends z.ZodType ? z.output<P> : Record<string, string>;
} & Who<A>;

export type RouteOptions<A extends AuthKind, B, Q, P, K = undefined> = {
  auth: A;
  /** The envelope: `problem` (browser JSON, the default for session/admin/public), `open`, `draft`, `music`. */
  dialect?: DialectName;
  body?: B;
  query?: Q;
  params?: P;
  /** Largest JSON body accepted; default MAX_JSON_BODY_KB. */
  maxBodyBytes?: number;
  /** The handler reads the body itself (multipart uploads): no JSON parsing, no Content-Type check. */
  rawBody?: boolean;
  /** HTTP status of a success that is not already a Response (e.g. 201). */
  status?: number;
  /** Runs after authentication, before input is read: a dialect's switches and per-key limits. */
  guard?: (who: Who<A>) => Promise<void>;
  /**
   * API-key routes: a read of the key's team made in the key lookup's own statement (one round
   * trip for both), from the parsed query; the handler gets its row as `keyed`. When the query does
   * not parse, the key is looked up alone and the query's error is answered where it always is.
   */
  keyed?: A extends "apiKey" ? (query: Out<Q>) => KeyedRead<K> : never;
  handler: (args: RouteArgs<A, B, Q, P, K>) => Promise<unknown> | unknown;
};

type NextContext = { params: Promise<Record<string, string | string[]>> };

const WRITE_METHODS = new Set(["POST", "PUT", "PATCH", "DELETE"]);

function withRequestId<R extends Reply | Response>(res: R, requestId: string): R {
  if (res instanceof Reply) {
    res.headers["x-request-id"] = requestId;
    return res;
  }
  try {
    res.headers.set("x-request-id", requestId);
    return res;
  } catch {
    // Immutable headers (a proxied fetch Response): copy.
    const copy = new Response(res.body, res);
    copy.headers.set("x-request-id", requestId);
    return copy as R;
  }
}

const flatParams = (raw: Record<string, string | string[]>) =>
  Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));

function ownOrigins(req: RequestHead): Set<string> {
  const origins = new Set([new URL(env().PUBLIC_BASE_URL).origin]);
  const host = req.headers.get("x-forwarded-host") ?? req.headers.get("host");
  if (host) {
    const proto = (req.headers.get("x-forwarded-proto") ?? new URL(req.url).protocol.replace(":", ""))
      .split(",")[0]
      .trim();
    origins.add(`${proto}://${host}`);
  }
  return origins;
}

/**
 * Browser routes that change state answer only same-origin requests (a cookie-bearing form or
 * fetch from another site is refused: Sec-Fetch-Site where the browser sends it, else Origin) and
 * only JSON bodies (a text/plain "simple request" cannot slip past CORS preflight).
 */
function guardBrowserWrite(req: RequestHead, jsonBody: boolean) {
  const site = req.headers.get("sec-fetch-site");
  if (site && site !== "same-origin" && site !== "none")
    throw new AppError("forbidden", "Cross-site requests are not accepted");
  const origin = req.headers.get("origin");
  if (!site && origin && !ownOrigins(req).has(origin))
    throw new AppError("forbidden", "Cross-site requests are not accepted");
  if (jsonBody && hasBody(req)) {
    const type = (req.headers.get("content-type") ?? "").split(";")[0].trim().toLowerCase();
    if (type !== "application/json" && !type.endsWith("+json")) {
      throw new AppError("unsupported_media_type", "Send the body as JSON (Content-Type: application/json)");
    }
  }
}

async function authenticate(
  auth: AuthKind,
  req: RequestHead,
  keyed?: KeyedRead<unknown>,
): Promise<Record<string, unknown>> {
  if (auth === "public") return { user: null };
  if (auth === "apiKey") {
    const result = await resolveApiKey(req, keyed);
    if (!result.ok) throw new AppError("unauthorized", result.error);
    return { principal: result.principal, keyed: result.keyed };
  }
  const user = await getSessionUser();
  if (!user) throw new AppError("unauthorized", "Sign in to continue");
  if (auth === "admin" && user.role !== "admin") throw new AppError("forbidden", "Only administrators can do this");
  return { user };
}

/**
 * A route as the fast lane (fast-lane.ts) calls it: the request's head, a way to the whole web
 * Request should the handler ask for it, and the answer as a Reply unless the handler made a
 * Response itself. Next.js calls the same function through the handler createRoute returns.
 */
export type LaneEntry = (head: RequestHead, request: () => Request) => Promise<Reply | Response>;

const LANE_ENTRY = Symbol.for("mixdesk.createRoute.lane");

/** The fast lane's way into a handler createRoute made (undefined for any other function). */
export function laneEntryOf(handler: unknown): LaneEntry | undefined {
  return (handler as { [LANE_ENTRY]?: LaneEntry } | undefined)?.[LANE_ENTRY];
}

export function createRoute<
  A extends AuthKind,
  B extends z.ZodType | undefined = undefined,
  Q extends z.ZodType | undefined = undefined,
  P extends z.ZodType | undefined = undefined,
  K = undefined,
>(opts: RouteOptions<A, B, Q, P, K>) {
  const dialectName: DialectName = opts.dialect ?? (opts.auth === "apiKey" ? "open" : "problem");
  const dialect = DIALECTS[dialectName];
  const run = async (head: RequestHead, request: () => Request, ctx?: NextContext): Promise<Reply | Response> => {
    const requestId = requestIdOf(head);
    try {
      if (dialectName === "problem" && WRITE_METHODS.has(head.method))
        guardBrowserWrite(head, !!opts.body && !opts.rawBody);
      // A keyed read needs the query first; its error still comes after authentication's.
      const early = opts.keyed && opts.query ? opts.query.safeParse(queryObject(head)) : undefined;
      const keyed = early?.success ? (opts.keyed as (q: unknown) => KeyedRead<unknown>)(early.data) : undefined;
      const who = await authenticate(opts.auth, head, keyed);
      if (opts.guard) await opts.guard(who as Who<A>);
      const rawParams = flatParams((await ctx?.params) ?? {});
      const params = opts.params ? opts.params.parse(rawParams) : rawParams;
      if (early && !early.success) throw early.error;
      const query = early ? early.data : opts.query ? opts.query.parse(queryObject(head)) : undefined;
      const maxBytes = opts.maxBodyBytes ?? env().MAX_JSON_BODY_KB * 1024;
      const body = opts.body && !opts.rawBody ? opts.body.parse(await readJson(request(), maxBytes)) : undefined;
      const args = { requestId, body, query, params, ...who };
      // The web Request is made only when the handler reads it (the fast lane has none of its own).
      Object.defineProperty(args, "req", { get: request, enumerable: true });
      const out = await opts.handler(args as RouteArgs<A, B, Q, P, K>);
      return withRequestId(out instanceof Response ? out : dialect.ok(out, opts.status ?? 200), requestId);
    } catch (error) {
      return withRequestId(dialect.error(error, requestId), requestId);
    }
  };
  const handle = async (req: Request, ctx?: NextContext): Promise<Response> => {
    const out = await run(req, () => req, ctx);
    return out instanceof Reply ? out.toResponse() : out;
  };
  return Object.assign(handle, { [LANE_ENTRY]: ((head, request) => run(head, request)) satisfies LaneEntry });
}
