"use client";
// Invite links: accepting one (the invite page), and revoking one, which shows at once on the team
// page and comes back if the server refuses.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { sendJson } from "@/components/data/api";
import { queryKeys } from "@/components/data/queries";
import type { Invite, JoinedTeam, RevokedInvite, TeamDetails } from "@/components/data/types";

export function useAcceptInvite(token: string) {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn: () => sendJson<{ team: JoinedTeam }>("POST", `/api/invites/${encodeURIComponent(token)}/accept`),
    onSuccess: async () => {
      // Everything cached belonged to the previous team.
      await queryClient.invalidateQueries();
      router.push("/team");
      router.refresh();
    },
  });
}

export function useRevokeInvite() {
  const queryClient = useQueryClient();
  const key = queryKeys.team();
  return useMutation({
    mutationFn: (invite: Invite) =>
      sendJson<{ invite: RevokedInvite }>("DELETE", `/api/team/invites/${encodeURIComponent(invite.id)}`),
    onMutate: async (invite) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<TeamDetails>(key);
      queryClient.setQueryData<TeamDetails>(
        key,
        (team) =>
          team && {
            ...team,
            invites: team.invites.map((i) => (i.id === invite.id ? { ...i, status: "revoked" as const } : i)),
          },
      );
      return { previous };
    },
    onError: (_error, _invite, context) => context?.previous && queryClient.setQueryData(key, context.previous),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
