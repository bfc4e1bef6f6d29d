// GET /api/music/tasks – the team's music tasks, newest first; POST – submit one from the browser
// (the same checks as the Music API, answered as problem+json naming the field).
import { z } from "zod";
import { createRoute } from "@/lib/http/route";
import { listTasks, submitUploadExtend } from "@/lib/music/service";

export const GET = createRoute({ auth: "session", handler: ({ user }) => listTasks(user.team.id) });

export const POST = createRoute({
  auth: "session",
  body: z.unknown(),
  status: 201,
  handler: ({ user, body }) => submitUploadExtend({ userId: user.id, teamId: user.team.id, apiKeyId: null }, body),
});
