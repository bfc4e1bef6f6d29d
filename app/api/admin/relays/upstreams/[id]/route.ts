// PATCH /api/admin/relays/upstreams/:id – edit (a new apiKey replaces the stored one; enabled: true
// also brings it back into rotation); DELETE – remove it and its route steps (admin).
import { updateUpstreamSchema, upstreamIdParamsSchema } from "@/lib/contracts/relays";
import { createRoute } from "@/lib/http/route";
import { deleteUpstream, updateUpstream } from "@/lib/relays/admin";

export const PATCH = createRoute({
  auth: "admin",
  params: upstreamIdParamsSchema,
  body: updateUpstreamSchema,
  handler: ({ params, body }) => updateUpstream(params.id, body),
});

export const DELETE = createRoute({
  auth: "admin",
  params: upstreamIdParamsSchema,
  handler: ({ user, params }) => deleteUpstream(user.id, params.id),
});
