// POST /v1/create_draft {width=1920, height=1080} → {draft_url, tip_url}
import { createDraftSchema } from "@/lib/contracts/drafts";
import { createDraft } from "@/lib/drafts/service";
import { createRoute } from "@/lib/http/route";

export const POST = createRoute({
  auth: "apiKey",
  dialect: "draft",
  body: createDraftSchema,
  handler: async ({ body, principal }) => {
    const { draft_url, tip_url } = await createDraft({ userId: principal.user.id, teamId: principal.team.id }, body);
    return { draft_url, tip_url };
  },
});
