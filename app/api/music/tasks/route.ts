// GET /api/music/tasks – the team's music tasks, newest first; POST – submit one from the browser
// (the same checks as the Music API, answered as problem+json naming the field). The gate applies the
// maintenance switch and the per-user rate the API counts too.
import { z } from "zod";
import { createRoute } from "@/lib/http/route";
import { musicBrowserGate } from "@/lib/music/limits";
import { listTasks, submitUploadExtend } from "@/lib/music/service";

export const GET = createRoute({ auth: "session", handler: ({ user }) => listTasks(user.team.id) });

export const POST = createRoute({
  auth: "session",
  guard: musicBrowserGate,
  body: z.unknown(),
  status: 201,
  handler: ({ user, body }) => submitUploadExtend({ userId: user.id, teamId: user.team.id, apiKeyId: null }, body),
});
