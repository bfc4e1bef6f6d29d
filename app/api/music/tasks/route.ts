// GET /api/music/tasks – the team's music tasks, newest first; POST – submit one from the browser.
import { json, withSession } from "@/lib/http/with-session";
import { readJson } from "@/lib/http/input";
import { listTasks, submitUploadExtend } from "@/lib/music/service";

export const GET = withSession(async ({ user }) => listTasks(user.team.id));

export const POST = withSession(async ({ req, user }) =>
  json(await submitUploadExtend({ userId: user.id, teamId: user.team.id, apiKeyId: null }, await readJson(req)), 201),
);
