// GET /api/me/credits/summary?monthStart= – balance, held, this month's spend and recent orders.
import { myCreditSummary } from "@/lib/billing/history";
import { myCreditsSchema } from "@/lib/contracts/credits";
import { createRoute } from "@/lib/http/route";

export const GET = createRoute({
  auth: "session",
  query: myCreditsSchema.pick({ monthStart: true }),
  handler: ({ user, query }) => myCreditSummary({ id: user.id, teamId: user.team.id }, query.monthStart),
});
