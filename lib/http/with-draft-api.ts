// The JianYing draft API route wrapper (specs/add-audios-api.md): API-key auth and the
// `{"detail": "…"}` error body with the spec's statuses and exact messages, mapped here only.
import { ZodError, type z } from "zod";
import { resolveApiKey, type ApiKeyPrincipal } from "@/lib/auth/api-keys";
import { DraftError, DRAFT_ERRORS } from "@/lib/drafts/errors";
import { AppError } from "@/lib/errors";
import { parseInput } from "@/lib/http/input";

const NO_STORE = { "cache-control": "no-store" };

export const draftOk = (data: unknown) => Response.json(data, { headers: NO_STORE });

export const detail = (status: number, message: string) => Response.json({ detail: message }, { status, headers: NO_STORE });

function draftError(error: unknown): Response {
  if (error instanceof DraftError) {
    if (error.status >= 500) console.error("[draft-api]", error.message, error.cause);
    return detail(error.status, error.message);
  }
  if (error instanceof ZodError) return detail(400, error.issues[0]?.message ?? "请求参数无效");
  if (error instanceof AppError) return detail(error.status, error.message);
  console.error("[draft-api] unexpected error", error);
  return detail(500, DRAFT_ERRORS.audioFailed[1]);
}

type Handler<B, Q> = (args: {
  req: Request;
  params: Record<string, string>;
  body: B extends z.ZodType ? z.output<B> : undefined;
  query: Q extends z.ZodType ? z.output<Q> : undefined;
  principal: ApiKeyPrincipal;
}) => Promise<Response>;

export function withDraftApi<B extends z.ZodType | undefined = undefined, Q extends z.ZodType | undefined = undefined>(
  handler: Handler<B, Q>,
  schemas: { body?: B; query?: Q } = {},
) {
  return async (req: Request, ctx?: { params: Promise<Record<string, string>> }): Promise<Response> => {
    try {
      const auth = await resolveApiKey(req);
      if (!auth.ok) return detail(401, auth.error);
      const { body, query } = await parseInput(req, schemas);
      return await handler({ req, params: (await ctx?.params) ?? {}, body, query, principal: auth.principal });
    } catch (error) {
      return draftError(error);
    }
  };
}
