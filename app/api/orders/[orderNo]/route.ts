// GET /api/orders/:orderNo – one order of the team, live (status, progress, results);
// PATCH {title} – rename it (the browser's name of the work; "" clears it).
import { renameOrderSchema } from "@/lib/contracts/orders";
import { createRoute } from "@/lib/http/route";
import { orderDetail, renameOrder } from "@/lib/orders/service";

export const GET = createRoute({
  auth: "session",
  handler: ({ user, params }) =>
    orderDetail({ userId: user.id, teamId: user.team.id, admin: user.role === "admin" }, params.orderNo),
});

export const PATCH = createRoute({
  auth: "session",
  body: renameOrderSchema,
  handler: ({ user, params, body }) =>
    renameOrder({ userId: user.id, teamId: user.team.id }, params.orderNo, body.title),
});
