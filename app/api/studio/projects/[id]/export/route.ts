// POST /api/studio/projects/:id/export {format: "wav" | "mp3"} – queue a mix of the project's saved
// timeline; answers {orderNo}: progress and the file come from GET /api/orders/:orderNo.
import { createRoute } from "@/lib/http/route";
import { exportBodySchema, exportTimeline } from "@/lib/studio/export";
import { getProject } from "@/lib/studio/service";

export const POST = createRoute({
  auth: "session",
  body: exportBodySchema,
  status: 202,
  handler: async ({ user, params, body }) => {
    const project = await getProject(user.team.id, params.id);
    const actor = { userId: user.id, teamId: user.team.id };
    return exportTimeline(actor, project.timeline, { format: body.format, name: project.name, projectId: project.id });
  },
});
