// POST /api/team/webhook/secret – rotate the team's signing secret; the new one is shown once (owner).
import { withSession } from "@/lib/http/with-session";
import { rotateTeamSecret } from "@/lib/webhooks/team";

export const POST = withSession(async ({ user }) => rotateTeamSecret(user));
