// POST /v1/save_draft {draft_url, draft_folder?} → {draft_url}. With draft_folder (JianYing's drafts
// folder on the user's machine) material paths become absolute; without, the unzipped folder opens in place.
import { saveDraftSchema } from "@/lib/contracts/drafts";
import { saveDraftAndWrite } from "@/lib/drafts/service";
import { createRoute } from "@/lib/http/route";

export const POST = createRoute({
  auth: "apiKey",
  dialect: "draft",
  body: saveDraftSchema,
  handler: async ({ body, principal }) => ({
    draft_url: await saveDraftAndWrite(
      { userId: principal.user.id, teamId: principal.team.id },
      body.draft_url,
      body.draft_folder,
    ),
  }),
});
