// GET /api/drafts/<id>/download?exp=…&sig=… – the draft folder as a zip, behind get_draft's signed, expiring URL.
import { draftZipResponse } from "@/lib/drafts/download";
import { createRoute } from "@/lib/http/route";

export const GET = createRoute({
  auth: "public",
  handler: ({ req, params }) => draftZipResponse(params.id, new URL(req.url)),
});
