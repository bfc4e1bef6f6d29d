// GET /api/studio/projects – the team's Studio projects (no timelines); POST {name, timeline?} – a new one (201).
import { createProjectSchema, MAX_TIMELINE_BODY_BYTES } from "@/lib/contracts/studio";
import { createRoute } from "@/lib/http/route";
import { createProject, listProjects } from "@/lib/studio/service";

export const GET = createRoute({
  auth: "session",
  handler: async ({ user }) => ({ projects: await listProjects(user.team.id) }),
});

export const POST = createRoute({
  auth: "session",
  body: createProjectSchema,
  maxBodyBytes: MAX_TIMELINE_BODY_BYTES,
  status: 201,
  handler: ({ user, body }) => createProject({ userId: user.id, teamId: user.team.id }, body),
});
