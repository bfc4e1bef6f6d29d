"use client";
// The usage charts (recharts): loaded with next/dynamic by the usage page only, so no other page
// carries the chart library.
import { useTranslations } from "next-intl";
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from "recharts";
import type { UsageReport } from "@/components/data/types";

const COLORS = ["#4f46e5", "#0891b2", "#16a34a", "#ca8a04", "#dc2626", "#9333ea", "#64748b", "#db2777"];

function useTypeName() {
  const tTypes = useTranslations("orders.types");
  const t = useTranslations("credits.usage");
  return (type: string) =>
    tTypes.has(`${type}.name` as never) ? tTypes(`${type}.name` as never) : type === "other" ? t("otherTypes") : type;
}

function PerDay({ report, metric, testId }: { report: UsageReport; metric: "credits" | "minutes"; testId: string }) {
  const typeName = useTypeName();
  const data = report.days.map((d) => ({ date: d.date.slice(5), ...d[metric] }));
  return (
    <div data-testid={testId} className="h-64 w-full">
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} stroke="#e4e4e7" />
          <XAxis dataKey="date" tick={{ fontSize: 11 }} interval="preserveStartEnd" />
          <YAxis tick={{ fontSize: 11 }} allowDecimals={metric === "minutes"} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          {report.types.map((type, i) => (
            <Bar
              key={type}
              dataKey={type}
              name={typeName(type)}
              stackId="day"
              fill={COLORS[i % COLORS.length]}
              isAnimationActive={false}
            />
          ))}
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

function ByTeam({ report }: { report: UsageReport }) {
  const t = useTranslations("credits.usage");
  const data = report.byTeam
    .slice(0, 12)
    .map((r) => ({ name: r.name ?? t("noTeam"), credits: r.credits, minutes: r.minutes }));
  return (
    <div data-testid="usage-team-chart" className="w-full" style={{ height: Math.max(160, data.length * 40 + 60) }}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} layout="vertical" margin={{ top: 8, right: 16, bottom: 0, left: 8 }}>
          <CartesianGrid strokeDasharray="3 3" horizontal={false} stroke="#e4e4e7" />
          <XAxis type="number" tick={{ fontSize: 11 }} />
          <YAxis type="category" dataKey="name" width={110} tick={{ fontSize: 11 }} />
          <Tooltip />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <Bar dataKey="credits" name={t("credits")} fill={COLORS[0]} isAnimationActive={false} />
          <Bar dataKey="minutes" name={t("minutes")} fill={COLORS[1]} isAnimationActive={false} />
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

export default function UsageCharts({ report, part }: { report: UsageReport; part: "credits" | "minutes" | "teams" }) {
  if (part === "teams") return <ByTeam report={report} />;
  return <PerDay report={report} metric={part} testId={`usage-${part}-chart`} />;
}
