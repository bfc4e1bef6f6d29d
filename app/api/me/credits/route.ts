// GET /api/me/credits – the signed-in person's own credit history, newest first.
import { myCreditHistory } from "@/lib/billing/history";
import { myCreditsSchema } from "@/lib/contracts/credits";
import { createRoute } from "@/lib/http/route";

export const GET = createRoute({
  auth: "session",
  query: myCreditsSchema,
  handler: ({ user, query }) => myCreditHistory(user.id, query),
});
