import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { requireUser } from "@/components/auth/guards";

export default async function SignedInLayout({ children }: { children: ReactNode }) {
  const user = await requireUser();
  return (
    <AppShell user={{ email: user.email, name: user.name, role: user.role, team: user.team }}>{children}</AppShell>
  );
}
