// GET /api/drafts/<id> – one of the team's drafts with its tracks and clips, its draft_url and a signed zip link.
import { draftForUi } from "@/lib/drafts/browser";
import { createRoute } from "@/lib/http/route";

export const GET = createRoute({ auth: "session", handler: ({ user, params }) => draftForUi(user.team.id, params.id) });
