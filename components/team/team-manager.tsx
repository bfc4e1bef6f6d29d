"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { meQuery, teamQuery } from "@/components/data/queries";
import { useErrorText } from "@/components/forms/use-error-text";
import { useSwitchTeam } from "@/components/shell/use-switch-team";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card, Section } from "@/components/ui/card";
import { CreateTeamForm } from "./create-team-form";
import { InvitesSection } from "./invites-section";
import { MembersSection } from "./members-section";

export function TeamManager() {
  const t = useTranslations("team");
  const tRoles = useTranslations("roles");
  const errorText = useErrorText();
  const team = useQuery(teamQuery());
  const me = useQuery(meQuery());
  const switchTeam = useSwitchTeam();
  const isOwner = team.data?.role === "owner";

  return (
    <div className="space-y-10">
      <MembersSection />

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
                    <Button
                      variant="secondary"
                      size="sm"
                      pending={switchTeam.isPending && switchTeam.variables === item.id}
                      onClick={() => switchTeam.mutate(item.id)}
                    >
                      {t("switchTo")}
                      <span className="sr-only"> {item.name}</span>
                    </Button>
                  )}
                </li>
              );
            })}
          </ul>
        </Card>
        {switchTeam.isError && <Alert>{errorText(switchTeam.error)}</Alert>}
      </Section>

      <Section id="new-team" title={t("newTeamTitle")} description={t("newTeamDescription")}>
        <Card>
          <CreateTeamForm />
        </Card>
      </Section>
    </div>
  );
}
