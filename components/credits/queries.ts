// Reads of the credit pages: a person's own history and summary, the admin usage report.
import { queryOptions } from "@tanstack/react-query";
import { getJson } from "@/components/data/api";
import { search } from "@/components/data/queries";
import type { CreditSummary, MyCreditPage, UsageReport } from "@/components/data/types";

export const creditKeys = {
  all: () => ["credits"] as const,
  history: (page: number, pageSize: number) => ["credits", "history", page, pageSize] as const,
  summary: (monthStart: string) => ["credits", "summary", monthStart] as const,
  usage: (from: string, to: string) => ["admin", "usage", from, to] as const,
};

export const myCreditsQuery = (page: number, pageSize: number) =>
  queryOptions({
    queryKey: creditKeys.history(page, pageSize),
    queryFn: ({ signal }) => getJson<MyCreditPage>(`/api/me/credits?${search({ page, pageSize })}`, signal),
    placeholderData: (previous) => previous,
  });

/** The start of this month in the browser's own time zone: "this month" is the person's month. */
export function localMonthStart(now = new Date()) {
  return new Date(now.getFullYear(), now.getMonth(), 1).toISOString();
}

export const creditSummaryQuery = (monthStart: string, poll = false) =>
  queryOptions({
    queryKey: creditKeys.summary(monthStart),
    queryFn: ({ signal }) => getJson<CreditSummary>(`/api/me/credits/summary?${search({ monthStart })}`, signal),
    refetchInterval: poll ? 3000 : false,
  });

export const usageQuery = (from: string, to: string) =>
  queryOptions({
    queryKey: creditKeys.usage(from, to),
    queryFn: ({ signal }) => getJson<UsageReport>(`/api/admin/usage?${search({ from, to })}`, signal),
    placeholderData: (previous) => previous,
  });
