// GET /api/keys/webhook-secret – the hint of the team's signing secret (API keys page).
import { withSession } from "@/lib/http/with-session";
import { webhookSecretHint } from "@/lib/webhooks/team";

export const GET = withSession(async ({ user }) => webhookSecretHint(user.team.id));
