// DELETE /api/keys/:id – revoke a key; it stops working at once.
import { revokeApiKey } from "@/lib/auth/api-keys";
import { withSession } from "@/lib/http/with-session";

export const DELETE = withSession(async ({ user, params }) => ({ apiKey: await revokeApiKey(user.id, params.id) }));
