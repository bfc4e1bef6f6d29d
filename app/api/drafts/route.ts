// GET /api/drafts – the current team's drafts; POST /api/drafts {width?, height?} – create one (1920×1080 by default).
import { createDraftSchema } from "@/lib/contracts/drafts";
import { draftSummary, listTeamDrafts } from "@/lib/drafts/browser";
import { createDraft } from "@/lib/drafts/service";
import { json, withSession } from "@/lib/http/with-session";

export const GET = withSession(async ({ user }) => ({ drafts: await listTeamDrafts(user.team.id) }));

export const POST = withSession(
  async ({ user, body }) => {
    const { id } = await createDraft({ userId: user.id, teamId: user.team.id }, body);
    return json(await draftSummary(user.team.id, id), 201);
  },
  { body: createDraftSchema },
);
