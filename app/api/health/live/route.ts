// GET /api/health/live – liveness without the database: a fixed answer from the route factory, for a
// load balancer's probe and as the constant route the load bench (bench/load.ts) measures against.
import { createRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = createRoute({
  auth: "public",
  handler: () => ({ ok: true }),
});
