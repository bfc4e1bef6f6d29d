// GET /api/keys/webhook-secret – the hint of the team's signing secret (API keys page).
import { createRoute } from "@/lib/http/route";
import { webhookSecretHint } from "@/lib/webhooks/team";

export const GET = createRoute({ auth: "session", handler: ({ user }) => webhookSecretHint(user.team.id) });
