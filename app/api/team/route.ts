// GET /api/team – the current team: members, and invites for its owner.
import { createRoute } from "@/lib/http/route";
import { teamOverview } from "@/lib/teams/service";

export const GET = createRoute({ auth: "session", handler: ({ user }) => teamOverview(user.team.id, user.team.role) });
