"use client";
// An owner's controls on a member row: make owner / make member, and remove from the team.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { sendJson } from "@/components/data/api";
import { queryKeys } from "@/components/data/queries";
import type { TeamDetails, TeamRole } from "@/components/data/types";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";

type Member = TeamDetails["members"][number];

export function MemberActions({ member, isSelf }: { member: Member; isSelf: boolean }) {
  const t = useTranslations("team");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [confirming, setConfirming] = useState(false);
  const path = `/api/team/members/${encodeURIComponent(member.userId)}`;

  // A change to your own membership changes what you may see and which team is current.
  const refresh = async () => {
    if (isSelf) {
      await queryClient.invalidateQueries();
      router.refresh();
    } else {
      await queryClient.invalidateQueries({ queryKey: queryKeys.team() });
    }
  };
  const changeRole = useMutation({
    mutationFn: (role: TeamRole) => sendJson("PATCH", path, { role }),
    onSuccess: refresh,
  });
  const remove = useMutation({
    mutationFn: () => sendJson("DELETE", path),
    onSuccess: async () => {
      setConfirming(false);
      await refresh();
    },
  });
  const nextRole: TeamRole = member.role === "owner" ? "member" : "owner";

  return (
    <div className="flex flex-wrap items-center justify-end gap-1">
      <Button variant="ghost" size="sm" pending={changeRole.isPending} onClick={() => changeRole.mutate(nextRole)}>
        {nextRole === "owner" ? t("makeOwner") : t("makeMember")}
        <span className="sr-only"> {member.name}</span>
      </Button>
      <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" onClick={() => setConfirming(true)}>
        {isSelf ? t("leaveTeam") : t("removeMember")}
        <span className="sr-only"> {member.name}</span>
      </Button>
      {changeRole.isError && (
        <Alert className="mt-2 w-full text-left">{errorText(changeRole.error.message)}</Alert>
      )}
      <ConfirmDialog
        open={confirming}
        title={isSelf ? t("leaveTeamTitle") : t("removeMemberTitle", { name: member.name })}
        description={isSelf ? t("leaveTeamDescription") : t("removeMemberDescription")}
        confirmLabel={isSelf ? t("leaveTeam") : t("removeMember")}
        cancelLabel={tc("cancel")}
        pending={remove.isPending}
        error={remove.isError ? errorText(remove.error.message) : undefined}
        onConfirm={() => remove.mutate()}
        onCancel={() => {
          remove.reset();
          setConfirming(false);
        }}
      />
    </div>
  );
}
