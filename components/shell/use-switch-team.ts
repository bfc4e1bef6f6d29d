"use client";
// Switching the current team: shared by the shell's switcher and the Team page's list of teams.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { sendJson } from "@/components/data/api";

export function useSwitchTeam() {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn: (teamId: string) => sendJson("POST", "/api/teams/switch", { teamId }),
    onSuccess: async () => {
      // Everything cached belonged to the previous team.
      await queryClient.invalidateQueries();
      router.refresh();
    },
  });
}
