// GET /api/me – the signed-in user, their balance and teams.
import { db } from "@/lib/db";
import { withSession } from "@/lib/http/with-session";
import { listTeams } from "@/lib/teams/service";

export const GET = withSession(async ({ user }) => {
  const [credits, teams] = await Promise.all([
    db.user.findUniqueOrThrow({ where: { id: user.id }, select: { balance: true, held: true, spent: true } }),
    listTeams(user.id),
  ]);
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    ...credits,
    team: user.team,
    teams,
  };
});
