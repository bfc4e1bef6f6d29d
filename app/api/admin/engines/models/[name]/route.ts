// DELETE /api/admin/engines/models/:name – remove an installed model (admin).
import { modelNameParamsSchema } from "@/lib/contracts/engines";
import { removeInstalledModel } from "@/lib/engines/settings";
import { createRoute } from "@/lib/http/route";

export const DELETE = createRoute({
  auth: "admin",
  params: modelNameParamsSchema,
  handler: ({ params, user }) => removeInstalledModel(user.id, params.name),
});
