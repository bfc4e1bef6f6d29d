// GET /api/admin/engines – installed models and the engine per separation type; PUT – choose (admin).
import { updateEngineDefaultsSchema } from "@/lib/contracts/engines";
import { getEnginesView, updateEngineDefaults } from "@/lib/engines/settings";
import { createRoute } from "@/lib/http/route";

export const GET = createRoute({ auth: "admin", handler: () => getEnginesView() });
export const PUT = createRoute({
  auth: "admin",
  body: updateEngineDefaultsSchema,
  handler: ({ body, user }) => updateEngineDefaults(user.id, body),
});
