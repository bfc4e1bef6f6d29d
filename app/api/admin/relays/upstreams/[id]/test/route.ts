// POST /api/admin/relays/upstreams/:id/test – call the upstream's balance/credit endpoint; a failed
// test is an answer ({ok: false, error}), not an error (admin).
import { upstreamIdParamsSchema } from "@/lib/contracts/relays";
import { createRoute } from "@/lib/http/route";
import { testConnection } from "@/lib/relays/admin";

export const POST = createRoute({
  auth: "admin",
  params: upstreamIdParamsSchema,
  handler: ({ req, params }) => testConnection(params.id, req.signal),
});
