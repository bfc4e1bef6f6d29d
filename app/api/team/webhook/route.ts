// GET /api/team/webhook – the team's webhook and its last 50 deliveries; PUT – change it (owner).
import { updateWebhookSchema } from "@/lib/contracts/music";
import { createRoute } from "@/lib/http/route";
import { getTeamWebhook, updateTeamWebhook } from "@/lib/webhooks/team";

export const GET = createRoute({ auth: "session", handler: ({ user }) => getTeamWebhook(user.team.id) });
export const PUT = createRoute({
  auth: "session",
  body: updateWebhookSchema,
  handler: ({ body, user }) => updateTeamWebhook(user, body),
});
