"use client";
// Team writes. A role change or a removal shows at once and comes back if the server refuses;
// a change to your own membership (or a new team) reloads everything, since what you may see and
// which team is current may have changed with it.
import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { z } from "zod";
import type { createInviteSchema, createTeamSchema } from "@/lib/contracts/account";
import { sendJson } from "@/components/data/api";
import { queryKeys } from "@/components/data/queries";
import type { CreatedInvite, TeamDetails, TeamRole } from "@/components/data/types";

export type Member = TeamDetails["members"][number];
type MemberChange = { member: Member; self: boolean };

const memberPath = (member: Member) => `/api/team/members/${encodeURIComponent(member.userId)}`;

/** Applies an edit to the cached team at once and hands back what to restore on a refusal. */
async function editTeam(queryClient: QueryClient, edit: (team: TeamDetails) => TeamDetails) {
  const key = queryKeys.team();
  await queryClient.cancelQueries({ queryKey: key });
  const previous = queryClient.getQueryData<TeamDetails>(key);
  queryClient.setQueryData<TeamDetails>(key, (team) => team && edit(team));
  return { previous };
}

function useMemberMutation<V extends MemberChange>(
  send: (v: V) => Promise<unknown>,
  edit: (team: TeamDetails, v: V) => TeamDetails,
) {
  const queryClient = useQueryClient();
  const router = useRouter();
  const key = queryKeys.team();
  return useMutation({
    mutationFn: send,
    onMutate: (v: V) => editTeam(queryClient, (team) => edit(team, v)),
    onError: (_error, _v, context) => context?.previous && queryClient.setQueryData(key, context.previous),
    onSettled: async (_data, error, v) => {
      if (v.self && !error) {
        await queryClient.invalidateQueries();
        router.refresh();
      } else {
        await queryClient.invalidateQueries({ queryKey: key });
      }
    },
  });
}

export function useChangeRole() {
  return useMemberMutation<MemberChange & { role: TeamRole }>(
    ({ member, role }) => sendJson("PATCH", memberPath(member), { role }),
    (team, { member, role }) => ({
      ...team,
      members: team.members.map((m) => (m.userId === member.userId ? { ...m, role } : m)),
    }),
  );
}

export function useRemoveMember() {
  return useMemberMutation<MemberChange>(
    ({ member }) => sendJson("DELETE", memberPath(member)),
    (team, { member }) => ({ ...team, members: team.members.filter((m) => m.userId !== member.userId) }),
  );
}

export function useCreateInvite() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: z.output<typeof createInviteSchema>) =>
      sendJson<CreatedInvite>("POST", "/api/team/invites", input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.team() }),
  });
}

export function useCreateTeam() {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn: (input: z.output<typeof createTeamSchema>) =>
      sendJson<{ team: { id: string; name: string } }>("POST", "/api/teams", input),
    onSuccess: async () => {
      // The new team becomes the current one: everything team-scoped is stale.
      await queryClient.invalidateQueries();
      router.refresh();
    },
  });
}
