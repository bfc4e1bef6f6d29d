// POST /v1/save_draft {draft_url, draft_folder?} → {draft_url}. With draft_folder (JianYing's drafts
// folder on the user's machine) material paths become absolute; without, the unzipped folder opens in place.
import { saveDraftSchema } from "@/lib/contracts/drafts";
import { writeDraftJson } from "@/lib/drafts/package";
import { draftDocument, saveDraft } from "@/lib/drafts/service";
import { draftOk, withDraftApi } from "@/lib/http/with-draft-api";

export const POST = withDraftApi(
  async ({ body, principal }) => {
    const saved = await saveDraft({ userId: principal.user.id, teamId: principal.team.id }, body.draft_url, body.draft_folder);
    await writeDraftJson((await draftDocument(saved.id))!);
    return draftOk({ draft_url: saved.draft_url });
  },
  { body: saveDraftSchema },
);
