// GET /api/admin/settings – Music API switches; PUT – change some of them (admin).
import { updateSettingsSchema } from "@/lib/contracts/music";
import { withAdmin } from "@/lib/http/with-session";
import { getSettings, updateSettings } from "@/lib/music/settings";

export const GET = withAdmin(async () => getSettings());
export const PUT = withAdmin(async ({ body, user }) => updateSettings(user.id, body), { body: updateSettingsSchema });
