// POST /api/studio/from-draft {draftId, name?} – a new project holding the draft's audio tracks (201).
import { fromDraftSchema } from "@/lib/contracts/studio";
import { createRoute } from "@/lib/http/route";
import { projectFromDraft } from "@/lib/studio/from-draft";

export const POST = createRoute({
  auth: "session",
  body: fromDraftSchema,
  status: 201,
  handler: ({ user, body }) => projectFromDraft({ userId: user.id, teamId: user.team.id }, body.draftId, body.name),
});
