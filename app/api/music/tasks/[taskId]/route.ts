// GET /api/music/tasks/<taskId> – one music task of the team with results and callback deliveries.
import { createRoute } from "@/lib/http/route";
import { taskDetail } from "@/lib/music/service";

export const GET = createRoute({
  auth: "session",
  handler: ({ params, user }) => taskDetail(user.team.id, params.taskId),
});
