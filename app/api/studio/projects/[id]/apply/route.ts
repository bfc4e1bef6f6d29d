// POST /api/studio/projects/<id>/apply {draftId | newDraft: {width, height}, mode: replace | append} → the draft written.
import { applySchema } from "@/lib/contracts/studio";
import { createRoute } from "@/lib/http/route";
import { applyToDraft } from "@/lib/studio/apply";

export const POST = createRoute({
  auth: "session",
  body: applySchema,
  handler: ({ user, params, body }) =>
    applyToDraft(
      { userId: user.id, teamId: user.team.id },
      params.id,
      "draftId" in body ? { draftId: body.draftId } : { newDraft: body.newDraft },
      body.mode,
    ),
});
