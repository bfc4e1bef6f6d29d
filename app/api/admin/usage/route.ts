// GET /api/admin/usage?from=&to= – credits charged and media minutes per day, type, team and top users (admin).
import { usageReport } from "@/lib/billing/usage";
import { usageQuerySchema } from "@/lib/contracts/credits";
import { createRoute } from "@/lib/http/route";

export const GET = createRoute({ auth: "admin", query: usageQuerySchema, handler: ({ query }) => usageReport(query) });
