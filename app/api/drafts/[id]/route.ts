// GET /api/drafts/<id> – one of the team's drafts with its tracks and clips, its draft_url and a signed zip link.
import { draftForUi } from "@/lib/drafts/browser";
import { withSession } from "@/lib/http/with-session";

export const GET = withSession(async ({ user, params }) => draftForUi(user.team.id, params.id));
