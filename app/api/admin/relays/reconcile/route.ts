// POST /api/admin/relays/reconcile – compare relay tasks with their upstreams now (what the
// maintenance tick does every RELAY_RECONCILE_MINUTES): counts, and the relays view with the drift (admin).
import { createRoute } from "@/lib/http/route";
import { reconcileNow } from "@/lib/relays/admin";

export const POST = createRoute({ auth: "admin", handler: () => reconcileNow() });
