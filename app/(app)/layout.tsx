import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/components/auth/guards";
import { listTeams } from "@/lib/teams/service";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  // The switcher's list comes with the page, so the shell needs no client-side query.
  const teams = (await listTeams(user.id)).map(({ id, name }) => ({ id, name }));
  return (
    <AppShell user={{ email: user.email, name: user.name, role: user.role, team: user.team }} teams={teams}>
      {children}
    </AppShell>
  );
}
