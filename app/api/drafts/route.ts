// GET /api/drafts – the current team's drafts; POST /api/drafts {width?, height?} – create one (1920×1080 by default).
import { createDraftSchema } from "@/lib/contracts/drafts";
import { draftSummary, listTeamDrafts } from "@/lib/drafts/browser";
import { createDraft } from "@/lib/drafts/service";
import { createRoute } from "@/lib/http/route";

export const GET = createRoute({
  auth: "session",
  handler: async ({ user }) => ({ drafts: await listTeamDrafts(user.team.id) }),
});

export const POST = createRoute({
  auth: "session",
  body: createDraftSchema,
  status: 201,
  handler: async ({ user, body }) => {
    const { id } = await createDraft({ userId: user.id, teamId: user.team.id }, body);
    return draftSummary(user.team.id, id);
  },
});
