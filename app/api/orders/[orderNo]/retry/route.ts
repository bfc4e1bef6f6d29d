// POST /api/orders/:orderNo/retry – a failed or timed-out order's input as a new order (held like any).
import { createRoute } from "@/lib/http/route";
import { retryOrder } from "@/lib/orders/retry";

export const POST = createRoute({
  auth: "session",
  status: 201,
  handler: ({ user, params }) => retryOrder({ userId: user.id, teamId: user.team.id }, params.orderNo),
});
