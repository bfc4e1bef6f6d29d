// DELETE /api/keys/:id – revoke a key; it stops working at once.
import { revokeApiKey } from "@/lib/auth/api-keys";
import { createRoute } from "@/lib/http/route";

export const DELETE = createRoute({
  auth: "session",
  handler: async ({ user, params }) => ({ apiKey: await revokeApiKey(user.id, params.id) }),
});
