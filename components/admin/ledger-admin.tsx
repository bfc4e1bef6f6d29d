"use client";
// Every ledger row for administrators: signed changes to available and held credits (a hold is
// −N available / +N held, a charge −N held, a release +N available / −N held), the order each row
// is about, filters by user, kind and day kept in the URL, and the same filter as a CSV download.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { LEDGER_KINDS } from "@/lib/contracts/ledger-kinds";
import { SignedCredits, SubjectLink } from "@/components/credits/amounts";
import { adminUsersQuery, ledgerQuery, search as toSearch } from "@/components/data/queries";
import { QueryTable, type Column } from "@/components/data/query-table";
import type { LedgerEntry } from "@/components/data/types";
import { useFormatCredits, useFormatDate } from "@/components/format";
import { Button, buttonClass } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { useUrlState } from "./use-url-state";

const PAGE_SIZE = 50;

function Filter({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="min-w-40 flex-1 space-y-1.5 sm:max-w-60">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      {children}
    </div>
  );
}

export function LedgerAdmin() {
  const t = useTranslations("ledger");
  const tc = useTranslations("credits");
  const formatDate = useFormatDate();
  const formatCredits = useFormatCredits();
  const [search, setSearch] = useUrlState();
  const filters = {
    userId: search.get("userId") ?? "",
    kind: search.get("kind") ?? "",
    from: search.get("from") ?? "",
    to: search.get("to") ?? "",
  };
  const page = Math.max(1, Number(search.get("page")) || 1);

  const ledger = useQuery(ledgerQuery({ ...filters, page, pageSize: PAGE_SIZE }));
  const users = useQuery({
    ...adminUsersQuery({ q: "", sort: "email", dir: "asc", page: 1, pageSize: 100 }),
    refetchInterval: false,
  });
  const userOptions = users.data?.users ?? [];
  const filterIsListed = !filters.userId || userOptions.some((u) => u.id === filters.userId);
  const kindLabel = (kind: string) => (tc.has(`kinds.${kind}` as never) ? tc(`kinds.${kind}` as never) : kind);
  const filtered = Object.values(filters).some(Boolean);

  const right = "text-right tabular-nums";
  const columns: Column<LedgerEntry>[] = [
    {
      id: "time",
      header: t("time"),
      cell: (e) => formatDate(e.createdAt, "short"),
      tdProps: { className: "whitespace-nowrap text-zinc-600" },
    },
    { id: "user", header: t("user"), cell: (e) => e.userEmail, tdProps: { className: "whitespace-nowrap" } },
    {
      id: "kind",
      header: t("kind"),
      cell: (e) => (
        <span data-testid="ledger-kind" data-kind={e.kind}>
          {kindLabel(e.kind)}
        </span>
      ),
    },
    {
      id: "available",
      header: tc("ledger.available"),
      thProps: { className: "text-right" },
      tdProps: { className: `${right} font-medium` },
      cell: (e) => <SignedCredits value={e.balanceDelta} testId="ledger-amount" />,
    },
    {
      id: "held",
      header: tc("ledger.held"),
      thProps: { className: "text-right" },
      tdProps: { className: right },
      cell: (e) => <SignedCredits value={e.heldDelta} testId="ledger-held" />,
    },
    {
      id: "balanceAfter",
      header: t("balanceAfter"),
      thProps: { className: "text-right" },
      cell: (e) => formatCredits(e.balanceAfter),
      tdProps: { className: right },
    },
    {
      id: "heldAfter",
      header: t("heldAfter"),
      thProps: { className: "text-right" },
      cell: (e) => formatCredits(e.heldAfter),
      tdProps: { className: right },
    },
    {
      id: "reason",
      header: t("reason"),
      tdProps: { className: "min-w-48 max-w-xs" },
      cell: (e) => (
        <>
          {e.subject && (
            <span className="block">
              <SubjectLink subject={e.subject} />
            </span>
          )}
          {(e.actorId || !e.subject) && <span className="block">{e.reason ?? e.ref ?? "—"}</span>}
          <span className="block text-xs text-zinc-500">
            {tc("ledger.byActor", { actor: e.actorEmail ?? t("system") })}
          </span>
        </>
      ),
    },
  ];

  const exportHref = `/api/admin/ledger/export?${toSearch(filters)}`;

  return (
    <div className="space-y-4">
      <div className="flex flex-wrap items-end gap-3">
        <Filter id="ledger-user" label={t("filterByUser")}>
          <Select
            id="ledger-user"
            value={filters.userId}
            onChange={(e) => setSearch({ userId: e.target.value, page: null })}
          >
            <option value="">{t("allUsers")}</option>
            {!filterIsListed && <option value={filters.userId}>{filters.userId}</option>}
            {userOptions.map((u) => (
              <option key={u.id} value={u.id}>
                {u.email}
              </option>
            ))}
          </Select>
        </Filter>
        <Filter id="ledger-kind" label={tc("ledger.kind")}>
          <Select
            id="ledger-kind"
            value={filters.kind}
            onChange={(e) => setSearch({ kind: e.target.value, page: null })}
          >
            <option value="">{tc("ledger.allKinds")}</option>
            {LEDGER_KINDS.map((k) => (
              <option key={k} value={k}>
                {kindLabel(k)}
              </option>
            ))}
          </Select>
        </Filter>
        <Filter id="ledger-from" label={tc("ledger.from")}>
          <Input
            id="ledger-from"
            type="date"
            value={filters.from}
            max={filters.to || undefined}
            onChange={(e) => setSearch({ from: e.target.value, page: null })}
          />
        </Filter>
        <Filter id="ledger-to" label={tc("ledger.to")}>
          <Input
            id="ledger-to"
            type="date"
            value={filters.to}
            min={filters.from || undefined}
            onChange={(e) => setSearch({ to: e.target.value, page: null })}
          />
        </Filter>
        <div className="flex gap-2">
          {filtered && (
            <Button
              variant="ghost"
              onClick={() => setSearch({ userId: null, kind: null, from: null, to: null, page: null })}
            >
              {tc("ledger.clear")}
            </Button>
          )}
          <a className={buttonClass("secondary")} href={exportHref} download>
            {tc("ledger.exportCsv")}
          </a>
        </div>
      </div>
      <p className="text-xs text-zinc-500">{tc("ledger.signsHint")}</p>
      <QueryTable
        query={ledger}
        rows={(d) => d.entries}
        rowKey={(e) => e.id}
        rowProps={() => ({ "data-testid": "ledger-row" })}
        phoneColumns={["time", "kind", "available"]}
        columns={columns}
        empty={t("empty")}
        onPage={(p) => setSearch({ page: p })}
      />
    </div>
  );
}
