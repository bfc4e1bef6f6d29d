// GET /api/orders/:orderNo – one order of the team, live (status, progress, results).
import { createRoute } from "@/lib/http/route";
import { orderDetail } from "@/lib/orders/service";

export const GET = createRoute({
  auth: "session",
  handler: ({ user, params }) => orderDetail({ userId: user.id, teamId: user.team.id }, params.orderNo),
});
