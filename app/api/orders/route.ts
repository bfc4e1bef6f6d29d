// GET /api/orders – the team's order history (filters, pagination); POST – create from the browser
// (the Open API body plus an optional title; the source may be any library item).
import { browserCreateOrderSchema, orderListSchema } from "@/lib/contracts/orders";
import { createRoute } from "@/lib/http/route";
import { createBrowserOrder } from "@/lib/orders/from-library";
import { listOrders } from "@/lib/orders/service";

export const GET = createRoute({
  auth: "session",
  query: orderListSchema,
  handler: ({ user, query }) => listOrders(user.team.id, query),
});

export const POST = createRoute({
  auth: "session",
  body: browserCreateOrderSchema,
  status: 201,
  handler: ({ req, user, body }) =>
    createBrowserOrder({ userId: user.id, teamId: user.team.id }, body, req.headers.get("idempotency-key")),
});
