"use client";
// Revoking an invite link shows at once on the team page; a refusal puts the invite back.
// (Lives here rather than in components/team while that folder is being reworked.)
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { sendJson } from "@/components/data/api";
import { queryKeys } from "@/components/data/queries";
import type { Invite, RevokedInvite, TeamDetails } from "@/components/data/types";

export function useRevokeInvite() {
  const queryClient = useQueryClient();
  const key = queryKeys.team();
  return useMutation({
    mutationFn: (invite: Invite) => sendJson<{ invite: RevokedInvite }>("DELETE", `/api/team/invites/${encodeURIComponent(invite.id)}`),
    onMutate: async (invite) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<TeamDetails>(key);
      queryClient.setQueryData<TeamDetails>(key, (team) =>
        team && { ...team, invites: team.invites.map((i) => (i.id === invite.id ? { ...i, status: "revoked" as const } : i)) },
      );
      return { previous };
    },
    onError: (_error, _invite, context) => context?.previous && queryClient.setQueryData(key, context.previous),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
