"use client";
// The team's members; an owner also changes roles and removes people (or leaves) from here.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { meQuery, teamQuery } from "@/components/data/queries";
import { QueryTable, srOnly, type Column } from "@/components/data/query-table";
import { useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Section } from "@/components/ui/card";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { type Member, useChangeRole, useRemoveMember } from "./use-team";

/** On a phone the e-mail moves under the name and the join date gives way, so the role and the
 * owner's buttons stay in view. */
const WIDE_ONLY = "hidden sm:table-cell";

export function MembersSection() {
  const t = useTranslations("team");
  const tc = useTranslations("common");
  const tRoles = useTranslations("roles");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const team = useQuery(teamQuery());
  const selfId = useQuery(meQuery()).data?.user.id;
  const changeRole = useChangeRole();
  const remove = useRemoveMember();
  const [removing, setRemoving] = useState<Member | null>(null);
  const isOwner = team.data?.role === "owner";
  const removingSelf = removing?.userId === selfId;

  const columns: Column<Member>[] = [
    {
      id: "member",
      header: t("member"),
      cell: (m) => (
        <>
          <span className="font-medium">{m.name}</span>
          <span className="block break-all text-xs text-zinc-500 sm:hidden">{m.email}</span>
        </>
      ),
    },
    {
      id: "email",
      header: t("email"),
      cell: (m) => m.email,
      thProps: { className: WIDE_ONLY },
      tdProps: { className: WIDE_ONLY },
    },
    {
      id: "role",
      header: t("role"),
      cell: (m) => <Badge tone={m.role === "owner" ? "accent" : "grey"}>{tRoles(m.role)}</Badge>,
    },
    {
      id: "joined",
      header: t("joined"),
      cell: (m) => formatDate(m.joinedAt, "date"),
      thProps: { className: WIDE_ONLY },
      tdProps: { className: `whitespace-nowrap ${WIDE_ONLY}` },
    },
  ];
  if (isOwner) {
    columns.push({
      id: "actions",
      header: srOnly(tc("actions")),
      tdProps: { className: "text-right" },
      cell: (m) => (
        <div className="flex flex-wrap items-center justify-end gap-1">
          <Button
            variant="ghost"
            size="sm"
            pending={changeRole.isPending && changeRole.variables.member.userId === m.userId}
            onClick={() =>
              changeRole.mutate({ member: m, self: m.userId === selfId, role: m.role === "owner" ? "member" : "owner" })
            }
          >
            {m.role === "owner" ? t("makeMember") : t("makeOwner")}
            <span className="sr-only"> {m.name}</span>
          </Button>
          <Button variant="ghost" size="sm" className="text-red-700 hover:bg-red-50" onClick={() => setRemoving(m)}>
            {m.userId === selfId ? t("leaveTeam") : t("removeMember")}
            <span className="sr-only"> {m.name}</span>
          </Button>
        </div>
      ),
    });
  }

  return (
    <Section
      title={t("membersTitle", { team: team.data?.team.name ?? "…" })}
      description={team.data ? t("yourRole", { role: tRoles(team.data.role) }) : undefined}
    >
      {changeRole.isError && <Alert>{errorText(changeRole.error)}</Alert>}
      {remove.isError && <Alert>{errorText(remove.error)}</Alert>}
      {/* A team always has at least its owner, so the empty text never shows. */}
      <QueryTable
        query={team}
        rows={(d) => d.members}
        rowKey={(m) => m.userId}
        rowProps={() => ({ "data-testid": "member-row" })}
        columns={columns}
        empty={null}
      />

      <ConfirmDialog
        open={removing !== null}
        title={removingSelf ? t("leaveTeamTitle") : t("removeMemberTitle", { name: removing?.name ?? "" })}
        description={removingSelf ? t("leaveTeamDescription") : t("removeMemberDescription")}
        confirmLabel={removingSelf ? t("leaveTeam") : t("removeMember")}
        cancelLabel={tc("cancel")}
        onConfirm={() => {
          // The row goes at once; a refusal puts it back and shows why above the list.
          if (removing) remove.mutate({ member: removing, self: removingSelf });
          setRemoving(null);
        }}
        onCancel={() => setRemoving(null)}
      />
    </Section>
  );
}
