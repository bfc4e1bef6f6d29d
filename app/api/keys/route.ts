// GET /api/keys – the user's API keys; POST /api/keys – create one (the full key is returned once).
import { createApiKey, listApiKeys } from "@/lib/auth/api-keys";
import { createApiKeySchema } from "@/lib/contracts/account";
import { json, withSession } from "@/lib/http/with-session";

export const GET = withSession(async ({ user }) => ({ keys: await listApiKeys(user.id) }));

export const POST = withSession(
  async ({ user, body }) => json(await createApiKey(user.id, user.team.id, body), 201),
  { body: createApiKeySchema },
);
