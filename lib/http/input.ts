// Reading request input: JSON bodies and query strings, with clear errors for malformed input.
import type { z } from "zod";
import { AppError } from "@/lib/errors";

export class MalformedBodyError extends AppError {
  constructor(message = "Request body is not valid JSON") {
    super("bad_request", message);
  }
}

export async function readJson(req: Request): Promise<unknown> {
  const text = await req.text();
  if (text.trim() === "") return {};
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedBodyError();
  }
}

export const queryObject = (req: Request) => Object.fromEntries(new URL(req.url).searchParams);

export async function parseInput<B extends z.ZodType | undefined, Q extends z.ZodType | undefined>(
  req: Request,
  schemas: { body?: B; query?: Q },
) {
  const body = schemas.body ? schemas.body.parse(await readJson(req)) : undefined;
  const query = schemas.query ? schemas.query.parse(queryObject(req)) : undefined;
  return {
    body: body as B extends z.ZodType ? z.output<B> : undefined,
    query: query as Q extends z.ZodType ? z.output<Q> : undefined,
  };
}
