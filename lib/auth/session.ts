// The signed-in user of a browser request: a valid next-auth cookie AND a live AuthSession row
// AND an enabled account. Anything less counts as signed out.
import "server-only";
import { getServerSession } from "next-auth";
import { cache } from "react";
import { db } from "@/lib/db";
import { authOptions } from "@/lib/auth/options";
import { currentTeam } from "@/lib/teams/service";

export type SessionUser = {
  id: string;
  email: string;
  name: string;
  role: "user" | "admin";
  sid: string;
  team: { id: string; name: string; role: "owner" | "member" };
};

const ACTIVE_RESOLUTION_MS = 60_000;

export const getSessionUser = cache(async (): Promise<SessionUser | null> => {
  const session = (await getServerSession(authOptions())) as { sid?: string } | null;
  if (!session?.sid) return null;
  const row = await db.authSession.findUnique({
    where: { id: session.sid },
    include: {
      user: {
        select: {
          id: true,
          email: true,
          name: true,
          role: true,
          disabled: true,
          currentTeamId: true,
          lastActiveAt: true,
        },
      },
    },
  });
  if (!row || row.revokedAt || row.expiresAt <= new Date() || row.user.disabled) return null;
  const { user } = row;
  const team = await currentTeam(user.id, user.currentTeamId);
  if (!team) return null;
  if (!user.lastActiveAt || Date.now() - user.lastActiveAt.getTime() > ACTIVE_RESOLUTION_MS) {
    await db.user.update({ where: { id: user.id }, data: { lastActiveAt: new Date() } });
  }
  return { id: user.id, email: user.email, name: user.name, role: user.role, sid: row.id, team };
});
