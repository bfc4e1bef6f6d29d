// POST /api/admin/engines/models {name} – download a catalogue model, verify and register it (admin).
import { installModelSchema } from "@/lib/contracts/engines";
import { installCatalogueModel } from "@/lib/engines/settings";
import { createRoute } from "@/lib/http/route";

export const POST = createRoute({
  auth: "admin",
  body: installModelSchema,
  handler: ({ body }) => installCatalogueModel(body.name),
});
