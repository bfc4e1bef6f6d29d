"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { meQuery, teamQuery } from "@/components/data/queries";
import { useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { useSwitchTeam } from "@/components/shell/team-switcher";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, Section } from "@/components/ui/card";
import { EmptyRow, TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { CreateTeamForm } from "./create-team-form";
import { InvitesSection } from "./invites-section";
import { MemberActions } from "./member-actions";

export function TeamManager() {
  const t = useTranslations("team");
  const tc = useTranslations("common");
  const tRoles = useTranslations("roles");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const team = useQuery(teamQuery());
  const me = useQuery(meQuery());
  const switchTeam = useSwitchTeam();
  const isOwner = team.data?.role === "owner";
  const columns = isOwner ? 5 : 4;

  return (
    <div className="space-y-10">
      <Section
        title={t("membersTitle", { team: team.data?.team.name ?? "…" })}
        description={team.data ? t("yourRole", { role: tRoles(team.data.role) }) : undefined}
      >
        {team.isError && <Alert>{errorText(team.error.message)}</Alert>}
        <Table>
          <THead>
            <tr>
              <Th>{t("member")}</Th>
              <Th>{t("email")}</Th>
              <Th>{t("role")}</Th>
              <Th>{t("joined")}</Th>
              {isOwner && (
                <Th>
                  <span className="sr-only">{tc("actions")}</span>
                </Th>
              )}
            </tr>
          </THead>
          <TBody>
            {team.isPending && <EmptyRow colSpan={columns}>{tc("loading")}</EmptyRow>}
            {team.data?.members.map((m) => (
              <Tr key={m.userId} data-testid="member-row">
                <Td className="font-medium">{m.name}</Td>
                <Td>{m.email}</Td>
                <Td>
                  <Badge tone={m.role === "owner" ? "accent" : "grey"}>{tRoles(m.role)}</Badge>
                </Td>
                <Td className="whitespace-nowrap">{formatDate(m.joinedAt, "date")}</Td>
                {isOwner && (
                  <Td className="text-right">
                    <MemberActions member={m} isSelf={m.userId === me.data?.user.id} />
                  </Td>
                )}
              </Tr>
            ))}
          </TBody>
        </Table>
      </Section>

      {isOwner && team.data && <InvitesSection invites={team.data.invites} />}

      <Section title={t("yourTeams")} description={t("yourTeamsDescription")}>
        <Card padded={false}>
          <ul className="divide-y divide-zinc-100">
            {me.data?.teams.map((item) => {
              const current = item.id === me.data.team.id;
              return (
                <li key={item.id} className="flex items-center justify-between gap-3 px-5 py-3">
                  <span className="flex min-w-0 items-center gap-2">
                    <span className="truncate font-medium">{item.name}</span>
                    <Badge tone={item.role === "owner" ? "accent" : "grey"}>{tRoles(item.role)}</Badge>
                  </span>
                  {current ? (
                    <span className="text-sm text-zinc-500">{t("current")}</span>
                  ) : (
                    <Button variant="secondary" size="sm" pending={switchTeam.isPending && switchTeam.variables === item.id} onClick={() => switchTeam.mutate(item.id)}>
                      {t("switchTo")}
                      <span className="sr-only"> {item.name}</span>
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        </Card>
        {switchTeam.isError && <Alert>{errorText(switchTeam.error.message)}</Alert>}
      </Section>

      <Section id="new-team" title={t("newTeamTitle")} description={t("newTeamDescription")}>
        <Card>
          <CreateTeamForm />
        </Card>
      </Section>
    </div>
  );
}
