"use client";
// Credits at a glance: available, held, spent this month and in all, the person's recent orders.
// Polls so a grant by an admin shows up without a reload. The team comes from the server; the
// summary is read in the browser (this month is the person's month, in their time zone) through
// usePolledJson, so the page loads without react-query.
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState, type ReactNode } from "react";
import { RecentOrders } from "@/components/credits/recent-orders";
import { localMonthStart } from "@/components/credits/queries";
import { search } from "@/components/data/api";
import type { CreditSummary } from "@/components/data/types";
import { usePolledJson } from "@/components/data/use-polled-json";
import { useFormatCredits } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { Card } from "@/components/ui/card";

function Stat({ label, hint, children }: { label: string; hint: string; children: ReactNode }) {
  return (
    <Card>
      <p className="text-sm font-medium text-zinc-600">{label}</p>
      <div className="mt-2 text-3xl font-semibold tracking-tight text-zinc-900 tabular-nums">{children}</div>
      <p className="mt-1 text-xs text-zinc-500">{hint}</p>
    </Card>
  );
}

const POLL_MS = 3000;

export function BalanceOverview({ team }: { team: { name: string; role: "owner" | "member" } }) {
  const t = useTranslations("dashboard");
  const tRoles = useTranslations("roles");
  const formatCredits = useFormatCredits();
  const tc = useTranslations("credits");
  const [monthStart] = useState(localMonthStart);
  const summary = usePolledJson<CreditSummary>(`/api/me/credits/summary?${search({ monthStart })}`, POLL_MS);
  const c = summary.data;
  const dash = <span className="text-zinc-300">—</span>;

  return (
    <div className="space-y-8">
      <section aria-labelledby="credits-heading">
        <h2 id="credits-heading" className="sr-only">
          {t("credits")}
        </h2>
        <div className="grid gap-4 sm:grid-cols-2 lg:grid-cols-4">
          <Stat label={t("available")} hint={t("availableHint")}>
            <span data-testid="balance" data-value={c?.balance}>
              {c ? formatCredits(c.balance) : dash}
            </span>
          </Stat>
          <Stat label={t("held")} hint={t("heldHint")}>
            <span data-testid="held" data-value={c?.held}>
              {c ? formatCredits(c.held) : dash}
            </span>
          </Stat>
          <Stat label={tc("monthSpent")} hint={tc("monthSpentHint")}>
            <span data-testid="month-spent" data-value={c?.monthSpent}>
              {c ? formatCredits(c.monthSpent) : dash}
            </span>
          </Stat>
          <Stat label={t("used")} hint={t("usedHint")}>
            <span data-testid="spent" data-value={c?.spent}>
              {c ? formatCredits(c.spent) : dash}
            </span>
          </Stat>
        </div>
        <p className="mt-3 flex flex-wrap items-center gap-x-4 gap-y-1 text-sm text-zinc-600">
          <span>{tc("perPerson")}</span>
          <Link href="/credits" className="font-medium text-accent-600 hover:underline">
            {tc("allHistory")} →
          </Link>
        </p>
      </section>

      <RecentOrders orders={c?.recentOrders} />

      <section aria-labelledby="team-heading">
        <Card className="flex flex-wrap items-center justify-between gap-4">
          <div>
            <h2 id="team-heading" className="text-sm font-medium text-zinc-600">
              {t("currentTeam")}
            </h2>
            <p className="mt-1 flex items-center gap-2 text-lg font-semibold text-zinc-900">
              <span data-testid="dashboard-team">{team.name}</span>
              <Badge tone={team.role === "owner" ? "accent" : "grey"}>{tRoles(team.role)}</Badge>
            </p>
          </div>
          <div className="flex gap-4 text-sm">
            <Link href="/keys" className="font-medium text-accent-600 hover:underline">
              {t("manageKeys")}
            </Link>
            <Link href="/team" className="font-medium text-accent-600 hover:underline">
              {t("manageTeam")}
            </Link>
          </div>
        </Card>
      </section>
    </div>
  );
}
