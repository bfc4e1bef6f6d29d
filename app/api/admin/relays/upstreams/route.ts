// POST /api/admin/relays/upstreams {name, kind, baseUrl, apiKey, model?, costs?} – add an upstream;
// the key is sealed at once and only its hint is ever answered (admin).
import { createUpstreamSchema } from "@/lib/contracts/relays";
import { createRoute } from "@/lib/http/route";
import { createUpstream } from "@/lib/relays/admin";

export const POST = createRoute({
  auth: "admin",
  body: createUpstreamSchema,
  status: 201,
  handler: ({ body }) => createUpstream(body),
});
