// PUT /api/admin/relays/routes {"track-separation": ["upstream:<id>", "local"], …} – set the ordered
// route of the given order types; every upstream step must exist and serve the type (admin).
import { updateRoutesSchema } from "@/lib/contracts/relays";
import { createRoute } from "@/lib/http/route";
import { updateRoutes } from "@/lib/relays/admin";

export const PUT = createRoute({
  auth: "admin",
  body: updateRoutesSchema,
  handler: ({ user, body }) => updateRoutes(user.id, body),
});
