// Wrappers for our browser-facing JSON routes: authenticate by session (or admin), parse input
// with the given zod schemas, run the handler, and answer every error as problem+json here.
import type { z } from "zod";
import { getSessionUser, type SessionUser } from "@/lib/auth/session";
import { parseInput } from "@/lib/http/input";
import { problem, problemFromError } from "@/lib/http/problem";

type RouteContext = { params: Promise<Record<string, string | string[]>> };

type Schemas<B, Q> = { body?: B; query?: Q };

type Handler<B, Q, U> = (args: {
  req: Request;
  params: Record<string, string>;
  body: B extends z.ZodType ? z.output<B> : undefined;
  query: Q extends z.ZodType ? z.output<Q> : undefined;
  user: U;
}) => Promise<Response | unknown>;

export const json = (data: unknown, status = 200) =>
  Response.json(data, { status, headers: { "cache-control": "private, no-store" } });

async function flatParams(ctx?: RouteContext) {
  const raw = (await ctx?.params) ?? {};
  return Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, Array.isArray(v) ? v.join("/") : v]));
}

function route<B extends z.ZodType | undefined, Q extends z.ZodType | undefined, U>(
  authenticate: () => Promise<U | Response>,
  handler: Handler<B, Q, U>,
  schemas: Schemas<B, Q>,
) {
  return async (req: Request, ctx?: RouteContext): Promise<Response> => {
    try {
      const user = await authenticate();
      if (user instanceof Response) return user;
      const { body, query } = await parseInput(req, schemas);
      const out = await handler({ req, params: await flatParams(ctx), body, query, user });
      return out instanceof Response ? out : json(out);
    } catch (error) {
      return problemFromError(error);
    }
  };
}

async function requireUser(): Promise<SessionUser | Response> {
  return (await getSessionUser()) ?? problem(401, "Sign in to continue");
}

async function requireAdmin(): Promise<SessionUser | Response> {
  const user = await getSessionUser();
  if (!user) return problem(401, "Sign in to continue");
  return user.role === "admin" ? user : problem(403, "Only administrators can do this");
}

export const withSession = <B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  handler: Handler<B, Q, SessionUser>,
  schemas: Schemas<B, Q> = {},
) => route(requireUser, handler, schemas);

export const withAdmin = <B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  handler: Handler<B, Q, SessionUser>,
  schemas: Schemas<B, Q> = {},
) => route(requireAdmin, handler, schemas);

export const withPublic = <B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  handler: Handler<B, Q, null>,
  schemas: Schemas<B, Q> = {},
) => route(async () => null, handler, schemas);
