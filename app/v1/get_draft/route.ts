// GET /v1/get_draft?draft_id=… (or ?draft_url=…) → signed URLs of every file of the draft folder and of its zip.
import { getDraftQuery } from "@/lib/contracts/drafts";
import { getDraftFiles } from "@/lib/drafts/service";
import { createRoute } from "@/lib/http/route";

export const GET = createRoute({
  auth: "apiKey",
  dialect: "draft",
  query: getDraftQuery,
  handler: ({ query, principal }) =>
    getDraftFiles(
      { teamId: principal.team.id },
      query.draft_id ? `draft_id=${encodeURIComponent(query.draft_id)}` : query.draft_url!,
    ),
});
