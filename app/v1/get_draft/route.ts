// GET /v1/get_draft?draft_id=… (or ?draft_url=…) → signed URLs of every file of the draft folder and of its zip.
import { getDraftQuery } from "@/lib/contracts/drafts";
import { draftUrlFor } from "@/lib/drafts/draft-url";
import { draftFiles } from "@/lib/drafts/package";
import { draftDocument, findDraft } from "@/lib/drafts/service";
import { draftOk, withDraftApi } from "@/lib/http/with-draft-api";

export const GET = withDraftApi(
  async ({ query, principal }) => {
    const ref = query.draft_id ? `draft_id=${encodeURIComponent(query.draft_id)}` : query.draft_url!;
    const draft = await findDraft({ teamId: principal.team.id }, ref);
    const doc = (await draftDocument(draft.id))!;
    return draftOk({ draft_url: draftUrlFor(draft.id), draft_id: draft.id, ...(await draftFiles(doc)) });
  },
  { query: getDraftQuery },
);
