// GET /api/studio/projects/<id> – one project with its timeline and version (and, read-only, the
// caption tracks of its draft); PATCH {name} – rename; DELETE.
import { renameProjectSchema } from "@/lib/contracts/studio";
import { createRoute } from "@/lib/http/route";
import { projectForEditor } from "@/lib/studio/captions";
import { deleteProject, renameProject } from "@/lib/studio/service";

export const GET = createRoute({
  auth: "session",
  handler: ({ user, params }) => projectForEditor(user.team.id, params.id),
});

export const PATCH = createRoute({
  auth: "session",
  body: renameProjectSchema,
  handler: ({ user, params, body }) => renameProject({ userId: user.id, teamId: user.team.id }, params.id, body.name),
});

export const DELETE = createRoute({
  auth: "session",
  handler: ({ user, params }) => deleteProject({ userId: user.id, teamId: user.team.id }, params.id),
});
