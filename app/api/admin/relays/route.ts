// GET /api/admin/relays – upstreams (key hints only), health, balance, costs beside prices, routes
// per order type and open reconciliation drift (admin).
import { createRoute } from "@/lib/http/route";
import { relaysView } from "@/lib/relays/admin";

export const GET = createRoute({ auth: "admin", handler: () => relaysView() });
