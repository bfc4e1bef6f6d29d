// GET /api/openapi.json – the OpenAPI 3.1 description of the public API.
import { env } from "@/lib/env";
import { openApiDocument } from "@/lib/openapi/document";

export function GET() {
  return Response.json(openApiDocument(env().PUBLIC_BASE_URL), { headers: { "cache-control": "public, max-age=300" } });
}
