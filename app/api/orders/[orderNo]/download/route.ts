// GET /api/orders/:orderNo/download?format=mp3|wav|flac[&stem=vocals] – one stem, or all stems as a
// zip, in the chosen format (made on demand, kept for the next download).
import { stemDownloadQuery } from "@/lib/contracts/stems";
import { createRoute } from "@/lib/http/route";
import { stemDownload } from "@/lib/orders/downloads";

export const GET = createRoute({
  auth: "session",
  query: stemDownloadQuery,
  handler: ({ user, params, query }) =>
    stemDownload({ userId: user.id, teamId: user.team.id }, params.orderNo, query.format, query.stem),
});
