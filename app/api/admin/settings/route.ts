// GET /api/admin/settings – Music API switches; PUT – change some of them (admin).
import { updateSettingsSchema } from "@/lib/contracts/music";
import { createRoute } from "@/lib/http/route";
import { getSettings, updateSettings } from "@/lib/music/settings";

export const GET = createRoute({ auth: "admin", handler: () => getSettings() });
export const PUT = createRoute({
  auth: "admin",
  body: updateSettingsSchema,
  handler: ({ body, user }) => updateSettings(user.id, body),
});
