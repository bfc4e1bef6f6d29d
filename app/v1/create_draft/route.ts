// POST /v1/create_draft {width=1920, height=1080} → {draft_url, tip_url}
import { createDraftSchema } from "@/lib/contracts/drafts";
import { createDraft } from "@/lib/drafts/service";
import { draftOk, withDraftApi } from "@/lib/http/with-draft-api";

export const POST = withDraftApi(
  async ({ body, principal }) => {
    const { draft_url, tip_url } = await createDraft({ userId: principal.user.id, teamId: principal.team.id }, body);
    return draftOk({ draft_url, tip_url });
  },
  { body: createDraftSchema },
);
