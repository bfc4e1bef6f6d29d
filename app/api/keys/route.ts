// GET /api/keys – the user's API keys; POST /api/keys – create one (the full key is returned once).
import { createApiKey, listApiKeys } from "@/lib/auth/api-keys";
import { createApiKeySchema } from "@/lib/contracts/account";
import { createRoute } from "@/lib/http/route";

export const GET = createRoute({
  auth: "session",
  handler: async ({ user }) => ({ keys: await listApiKeys(user.id) }),
});

export const POST = createRoute({
  auth: "session",
  body: createApiKeySchema,
  status: 201,
  handler: ({ user, body }) => createApiKey(user.id, user.team.id, body),
});
