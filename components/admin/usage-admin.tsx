"use client";
// Admin usage: a range of days (in the URL), credits charged and media minutes per day by order
// type, by team, the top users, and the same data as CSV. The charts load on their own.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import dynamic from "next/dynamic";
import { useState, type FormEvent } from "react";
import { usageQuery } from "@/components/credits/queries";
import { search as toSearch } from "@/components/data/queries";
import { DataTable, type Column } from "@/components/data/query-table";
import type { UsageReport } from "@/components/data/types";
import { useFormatCredits } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, Section } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import { useUrlState } from "./use-url-state";

function ChartLoading() {
  const t = useTranslations("credits.usage");
  return <p className="flex h-64 items-center justify-center text-sm text-zinc-500">{t("loadingChart")}</p>;
}

const UsageCharts = dynamic(() => import("./usage-charts"), { ssr: false, loading: ChartLoading });

const DAY_MS = 86_400_000;
const utcDay = (t: number) => new Date(t).toISOString().slice(0, 10);

type TopUser = UsageReport["topUsers"][number];
type TeamRow = UsageReport["byTeam"][number];

export function UsageAdmin() {
  const t = useTranslations("credits.usage");
  const errorText = useErrorText();
  const formatCredits = useFormatCredits();
  const [search, setSearch] = useUrlState();
  const [today] = useState(() => utcDay(Date.now()));
  const from = search.get("from") ?? utcDay(Date.now() - 29 * DAY_MS);
  const to = search.get("to") ?? today;
  const [range, setRange] = useState({ from, to });
  const report = useQuery(usageQuery(from, to));
  const data = report.data;

  const apply = (e: FormEvent) => {
    e.preventDefault();
    setSearch({ from: range.from, to: range.to });
  };

  const num = "text-right tabular-nums";
  const teamColumns: Column<TeamRow>[] = [
    { id: "team", header: t("team"), cell: (r) => r.name ?? t("noTeam") },
    {
      id: "credits",
      header: t("credits"),
      thProps: { className: "text-right" },
      tdProps: { className: num },
      cell: (r) => formatCredits(r.credits),
    },
    {
      id: "minutes",
      header: t("minutes"),
      thProps: { className: "text-right" },
      tdProps: { className: num },
      cell: (r) => r.minutes,
    },
    {
      id: "orders",
      header: t("orders"),
      thProps: { className: "text-right" },
      tdProps: { className: num },
      cell: (r) => r.orders,
    },
  ];
  const userColumns: Column<TopUser>[] = [
    {
      id: "user",
      header: t("user"),
      cell: (u) => (
        <>
          <span className="block">{u.email}</span>
          <span className="block text-xs text-zinc-500">{u.name}</span>
        </>
      ),
    },
    {
      id: "credits",
      header: t("credits"),
      thProps: { className: "text-right" },
      tdProps: { className: num },
      cell: (u) => formatCredits(u.credits),
    },
    {
      id: "minutes",
      header: t("minutes"),
      thProps: { className: "text-right" },
      tdProps: { className: num },
      cell: (u) => u.minutes,
    },
    {
      id: "orders",
      header: t("orders"),
      thProps: { className: "text-right" },
      tdProps: { className: num },
      cell: (u) => u.orders,
    },
  ];
  const empty = data && data.totals.credits === 0 && data.totals.minutes === 0;

  return (
    <div className="space-y-8">
      <form onSubmit={apply} className="flex flex-wrap items-end gap-3">
        <div className="space-y-1.5">
          <label htmlFor="usage-from" className="block text-sm font-medium text-zinc-800">
            {t("from")}
          </label>
          <Input
            id="usage-from"
            type="date"
            value={range.from}
            max={range.to}
            onChange={(e) => setRange((r) => ({ ...r, from: e.target.value }))}
          />
        </div>
        <div className="space-y-1.5">
          <label htmlFor="usage-to" className="block text-sm font-medium text-zinc-800">
            {t("to")}
          </label>
          <Input
            id="usage-to"
            type="date"
            value={range.to}
            min={range.from}
            onChange={(e) => setRange((r) => ({ ...r, to: e.target.value }))}
          />
        </div>
        <Button type="submit" variant="secondary">
          {t("show")}
        </Button>
        <a className={buttonClass("secondary")} href={`/api/admin/usage/export?${toSearch({ from, to })}`} download>
          {t("exportCsv")}
        </a>
      </form>

      {report.isError && <Alert>{errorText(report.error.message)}</Alert>}
      {data && (
        <p className="text-sm text-zinc-600" data-testid="usage-total" data-credits={data.totals.credits}>
          {t("total", {
            credits: formatCredits(data.totals.credits),
            minutes: data.totals.minutes,
            orders: data.totals.orders,
          })}
        </p>
      )}
      {empty && <Alert tone="info">{t("empty")}</Alert>}

      <div className="grid gap-6 xl:grid-cols-2">
        <Section title={t("creditsPerDay")}>
          <Card>{data ? <UsageCharts report={data} part="credits" /> : <ChartLoading />}</Card>
        </Section>
        <Section title={t("minutesPerDay")}>
          <Card>{data ? <UsageCharts report={data} part="minutes" /> : <ChartLoading />}</Card>
        </Section>
      </div>

      <Section title={t("byTeam")}>
        <Card>{data ? <UsageCharts report={data} part="teams" /> : <ChartLoading />}</Card>
        <DataTable
          columns={teamColumns}
          rows={data?.byTeam}
          rowKey={(r) => r.teamId ?? "none"}
          loading={!data}
          empty="—"
        />
      </Section>

      <Section title={t("topUsers")}>
        <DataTable
          columns={userColumns}
          rows={data?.topUsers}
          rowKey={(u) => u.userId}
          rowProps={() => ({ "data-testid": "usage-top-user" })}
          loading={!data}
          empty="—"
        />
      </Section>
    </div>
  );
}
