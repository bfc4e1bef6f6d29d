// GET /api/team/webhook – the team's webhook and its last 50 deliveries; PUT – change it (owner).
import { updateWebhookSchema } from "@/lib/contracts/music";
import { withSession } from "@/lib/http/with-session";
import { getTeamWebhook, updateTeamWebhook } from "@/lib/webhooks/team";

export const GET = withSession(async ({ user }) => getTeamWebhook(user.team.id));
export const PUT = withSession(async ({ body, user }) => updateTeamWebhook(user, body), { body: updateWebhookSchema });
