// GET /api/team – the current team: members, and invites for its owner.
import { withSession } from "@/lib/http/with-session";
import { teamOverview } from "@/lib/teams/service";

export const GET = withSession(async ({ user }) => teamOverview(user.team.id, user.team.role));
