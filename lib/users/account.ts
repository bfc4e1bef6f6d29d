// What a signed-in user or an API key's owner sees of their own account.
import "server-only";
import { db } from "@/lib/db";
import { listTeams } from "@/lib/teams/service";
import type { SessionUser } from "@/lib/auth/session";

export async function creditsOf(userId: string) {
  return db.user.findUniqueOrThrow({ where: { id: userId }, select: { balance: true, held: true, spent: true } });
}

export async function meOverview(user: SessionUser) {
  const [credits, teams] = await Promise.all([creditsOf(user.id), listTeams(user.id)]);
  return {
    user: { id: user.id, email: user.email, name: user.name, role: user.role },
    ...credits,
    team: user.team,
    teams,
  };
}
