// POST /api/admin/users/:id/credits – grant (positive) or deduct (negative) credits with a reason.
// An Idempotency-Key header makes a retried click apply once.
import { randomUUID } from "node:crypto";
import { adminChangeCredits } from "@/lib/billing/admin";
import { creditChangeSchema } from "@/lib/contracts/account";
import { createRoute } from "@/lib/http/route";

export const POST = createRoute({
  auth: "admin",
  body: creditChangeSchema,
  handler: ({ req, user, params, body }) =>
    adminChangeCredits({
      actorId: user.id,
      userId: params.id,
      ...body,
      idempotencyKey: req.headers.get("idempotency-key") ?? randomUUID(),
    }),
});
