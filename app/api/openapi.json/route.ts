// GET /api/openapi.json – the OpenAPI 3.1 description of the public API.
import { env } from "@/lib/env";
import { createRoute } from "@/lib/http/route";
import { openApiDocument } from "@/lib/openapi/document";

export const GET = createRoute({
  auth: "public",
  handler: () =>
    Response.json(openApiDocument(env().PUBLIC_BASE_URL), { headers: { "cache-control": "public, max-age=300" } }),
});
