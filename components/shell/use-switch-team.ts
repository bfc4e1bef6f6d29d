"use client";
// Switching the current team: shared by the shell's switcher and the Team page's list of teams.
// useAction rather than a react-query mutation: the shell is on every page, and the dashboard,
// orders and New order pages load without the query library.
import { useRouter } from "next/navigation";
import { sendJson } from "@/components/data/api";
import { invalidateQueryCache } from "@/components/data/query-cache-ref";
import { useAction } from "@/components/forms/use-action";

export function useSwitchTeam() {
  const router = useRouter();
  return useAction(async (teamId: string) => {
    await sendJson("POST", "/api/teams/switch", { teamId });
    // Everything cached belonged to the previous team.
    await invalidateQueryCache();
    router.refresh();
  });
}
