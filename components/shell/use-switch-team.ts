"use client";
// Switching the current team: shared by the shell's switcher and the Team page's list of teams.
// Plain state rather than a react-query mutation: the shell is on every page, and the dashboard
// and orders pages load without the query library.
import { useRouter } from "next/navigation";
import { useState } from "react";
import { sendJson } from "@/components/data/api";
import { invalidateQueryCache } from "@/components/data/query-cache-ref";

export function useSwitchTeam() {
  const router = useRouter();
  const [state, setState] = useState<{ variables?: string; isPending: boolean; error: Error | null }>({
    isPending: false,
    error: null,
  });
  function mutate(teamId: string) {
    setState({ variables: teamId, isPending: true, error: null });
    sendJson("POST", "/api/teams/switch", { teamId })
      .then(async () => {
        // Everything cached belonged to the previous team.
        await invalidateQueryCache();
        router.refresh();
        setState({ variables: teamId, isPending: false, error: null });
      })
      .catch((error: Error) => setState({ variables: teamId, isPending: false, error }));
  }
  return { mutate, isPending: state.isPending, variables: state.variables, isError: !!state.error, error: state.error };
}
