// GET /api/music/tasks/<taskId> – one music task of the team with results and callback deliveries.
import { withSession } from "@/lib/http/with-session";
import { taskDetail } from "@/lib/music/service";

export const GET = withSession(async ({ params, user }) => taskDetail(user.team.id, params.taskId));
