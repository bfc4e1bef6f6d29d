// GET /api/orders/:orderNo – one order of the team, live (status, progress, results).
import { withSession } from "@/lib/http/with-session";
import { orderDetail } from "@/lib/orders/service";

export const GET = withSession(async ({ user, params }) => orderDetail({ userId: user.id, teamId: user.team.id }, params.orderNo));
