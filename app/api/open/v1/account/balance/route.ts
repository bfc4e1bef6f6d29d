// GET /api/open/v1/account/balance – Mixdesk extension to the Open API: the key's user's credits.
import { createRoute } from "@/lib/http/route";
import { creditsOf } from "@/lib/users/account";

export const GET = createRoute({
  auth: "apiKey",
  dialect: "open",
  handler: async ({ principal }) => {
    const { balance, held } = await creditsOf(principal.user.id);
    return { balance, held, team: principal.team.name };
  },
});
