// GET /api/health – liveness plus a database round trip (503 when the database does not answer).
import { healthReport } from "@/lib/health";
import { createRoute } from "@/lib/http/route";

export const dynamic = "force-dynamic";

export const GET = createRoute({
  auth: "public",
  handler: async () => {
    const report = await healthReport();
    return Response.json(report, { status: report.ok ? 200 : 503, headers: { "cache-control": "no-store" } });
  },
});
