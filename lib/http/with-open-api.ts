// The Open API v1 (YinziAI-compatible) route wrapper: API-key auth and the `{code, data, msg}`
// envelope, with the spec's exact messages.
import { ZodError, type z } from "zod";
import { resolveApiKey, type ApiKeyPrincipal } from "@/lib/auth/api-keys";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/http/input";

export const BALANCE_NOT_ENOUGH = "ErrorCode.USER_BLANCE_NOT_ENOUGH";

export function openEnvelope(status: number, code: number, data: unknown, msg: string): Response {
  return Response.json({ code, data, msg }, { status, headers: { "cache-control": "no-store" } });
}

export const openOk = (data: unknown) => openEnvelope(200, 0, data, "success");

function openError(error: unknown): Response {
  if (error instanceof AppError) {
    if (error.kind === "insufficient_credits") return openEnvelope(400, 400, null, BALANCE_NOT_ENOUGH);
    if (error.kind === "unauthorized") return openEnvelope(401, 401, null, error.message);
    const status = error.status >= 500 ? 500 : 400;
    return openEnvelope(status, status, null, error.message);
  }
  if (error instanceof ZodError) return openEnvelope(400, 400, null, error.issues[0]?.message ?? "Bad request");
  console.error("[open-api] unexpected error", error);
  return openEnvelope(500, 500, null, "Internal server error");
}

type Handler<B, Q> = (args: {
  req: Request;
  body: B extends z.ZodType ? z.output<B> : undefined;
  query: Q extends z.ZodType ? z.output<Q> : undefined;
  principal: ApiKeyPrincipal;
}) => Promise<Response>;

export function withOpenApi<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  handler: Handler<B, Q>,
  schemas: { body?: B; query?: Q } = {},
) {
  return async (req: Request): Promise<Response> => {
    try {
      const auth = await resolveApiKey(req);
      if (!auth.ok) return openEnvelope(401, 401, null, auth.error);
      const { body, query } = await parseInput(req, schemas);
      return await handler({ req, body, query, principal: auth.principal });
    } catch (error) {
      return openError(error);
    }
  };
}
