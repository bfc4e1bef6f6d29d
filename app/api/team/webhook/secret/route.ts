// POST /api/team/webhook/secret – rotate the team's signing secret; the new one is shown once (owner).
import { createRoute } from "@/lib/http/route";
import { rotateTeamSecret } from "@/lib/webhooks/team";

export const POST = createRoute({ auth: "session", handler: ({ user }) => rotateTeamSecret(user) });
