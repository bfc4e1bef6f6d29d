"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { adminUsersQuery, ledgerQuery } from "@/components/data/queries";
import { useFormatCredits, useFormatDate } from "@/components/format";
import { QueryTable, type Column } from "@/components/data/query-table";
import type { LedgerEntry } from "@/components/data/types";
import { Select } from "@/components/ui/input";
import { cx } from "@/components/ui/cx";
import { useUrlState } from "./use-url-state";

const PAGE_SIZE = 50;

export function LedgerAdmin() {
  const t = useTranslations("ledger");
  const formatDate = useFormatDate();
  const formatCredits = useFormatCredits();
  const [search, setSearch] = useUrlState();
  const userId = search.get("userId") ?? "";
  const page = Math.max(1, Number(search.get("page")) || 1);

  const ledger = useQuery(ledgerQuery({ userId, page, pageSize: PAGE_SIZE }));
  const users = useQuery({
    ...adminUsersQuery({ q: "", sort: "email", dir: "asc", page: 1, pageSize: 100 }),
    refetchInterval: false,
  });
  const userOptions = users.data?.users ?? [];
  const filterIsListed = !userId || userOptions.some((u) => u.id === userId);

  const signed = (n: number) => (n > 0 ? `+${formatCredits(n)}` : formatCredits(n));
  const kindLabel = (kind: string) => (t.has(`kinds.${kind}` as never) ? t(`kinds.${kind}` as never) : kind);

  const right = "text-right tabular-nums";
  const columns: Column<LedgerEntry>[] = [
    {
      id: "time",
      header: t("time"),
      cell: (e) => formatDate(e.createdAt, "short"),
      tdProps: { className: "whitespace-nowrap text-zinc-600" },
    },
    { id: "user", header: t("user"), cell: (e) => e.userEmail, tdProps: { className: "whitespace-nowrap" } },
    { id: "kind", header: t("kind"), cell: (e) => kindLabel(e.kind) },
    {
      id: "amount",
      header: t("amount"),
      thProps: { className: "text-right" },
      cell: (e) => signed(e.amount),
      tdProps: (e) => ({
        className: cx(
          right,
          "font-medium",
          e.balanceDelta > 0 ? "text-emerald-700" : e.balanceDelta < 0 ? "text-red-700" : undefined,
        ),
      }),
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
          <span className="block">{e.reason ?? e.ref ?? "—"}</span>
          <span className="block text-xs text-zinc-500">{t("byActor", { actor: e.actorEmail ?? t("system") })}</span>
        </>
      ),
    },
  ];

  return (
    <div className="space-y-4">
      <div className="max-w-sm space-y-1.5">
        <label htmlFor="ledger-user" className="block text-sm font-medium text-zinc-800">
          {t("filterByUser")}
        </label>
        <Select
          id="ledger-user"
          value={userId}
          onChange={(e) => setSearch({ userId: e.target.value || null, page: null })}
        >
          <option value="">{t("allUsers")}</option>
          {!filterIsListed && <option value={userId}>{userId}</option>}
          {userOptions.map((u) => (
            <option key={u.id} value={u.id}>
              {u.email}
            </option>
          ))}
        </Select>
      </div>
      <QueryTable
        query={ledger}
        rows={(d) => d.entries}
        rowKey={(e) => e.id}
        rowProps={() => ({ "data-testid": "ledger-row" })}
        phoneColumns={["time", "kind", "amount"]}
        columns={columns}
        empty={t("empty")}
        onPage={(p) => setSearch({ page: p })}
      />
    </div>
  );
}
