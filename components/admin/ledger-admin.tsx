"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { adminUsersQuery, ledgerQuery } from "@/components/data/queries";
import { useFormatCredits, useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { Select } from "@/components/ui/input";
import { Pagination } from "@/components/ui/pagination";
import { cx } from "@/components/ui/cx";
import { EmptyRow, TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { useUrlState } from "./use-url-state";

const PAGE_SIZE = 50;

export function LedgerAdmin() {
  const t = useTranslations("ledger");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const formatCredits = useFormatCredits();
  const [search, setSearch] = useUrlState();
  const userId = search.get("userId") ?? "";
  const page = Math.max(1, Number(search.get("page")) || 1);

  const ledger = useQuery(ledgerQuery({ userId, page, pageSize: PAGE_SIZE }));
  const users = useQuery({ ...adminUsersQuery({ q: "", sort: "email", dir: "asc", page: 1, pageSize: 100 }), refetchInterval: false });
  const userOptions = users.data?.users ?? [];
  const filterIsListed = !userId || userOptions.some((u) => u.id === userId);

  const signed = (n: number) => (n > 0 ? `+${formatCredits(n)}` : formatCredits(n));
  const kindLabel = (kind: string) => (t.has(`kinds.${kind}` as never) ? t(`kinds.${kind}` as never) : kind);

  return (
    <div className="space-y-4">
      <div className="max-w-sm space-y-1.5">
        <label htmlFor="ledger-user" className="block text-sm font-medium text-zinc-800">
          {t("filterByUser")}
        </label>
        <Select id="ledger-user" value={userId} onChange={(e) => setSearch({ userId: e.target.value || null, page: null })}>
          <option value="">{t("allUsers")}</option>
          {!filterIsListed && <option value={userId}>{userId}</option>}
          {userOptions.map((u) => (
            <option key={u.id} value={u.id}>
              {u.email}
            </option>
          ))}
        </Select>
      </div>
      {ledger.isError && <Alert>{errorText(ledger.error.message)}</Alert>}
      <Table>
        <THead>
          <tr>
            <Th>{t("time")}</Th>
            <Th>{t("user")}</Th>
            <Th>{t("kind")}</Th>
            <Th className="text-right">{t("amount")}</Th>
            <Th className="text-right">{t("balanceAfter")}</Th>
            <Th className="text-right">{t("heldAfter")}</Th>
            <Th>{t("reason")}</Th>
          </tr>
        </THead>
        <TBody>
          {ledger.isPending && <EmptyRow colSpan={7}>{tc("loading")}</EmptyRow>}
          {ledger.isSuccess && ledger.data.entries.length === 0 && <EmptyRow colSpan={7}>{t("empty")}</EmptyRow>}
          {ledger.data?.entries.map((entry) => (
            <Tr key={entry.id} data-testid="ledger-row">
              <Td className="whitespace-nowrap text-zinc-600">{formatDate(entry.createdAt, "short")}</Td>
              <Td className="whitespace-nowrap">{entry.userEmail}</Td>
              <Td>{kindLabel(entry.kind)}</Td>
              <Td className={cx("text-right font-medium tabular-nums", entry.balanceDelta > 0 ? "text-emerald-700" : entry.balanceDelta < 0 ? "text-red-700" : undefined)}>
                {signed(entry.amount)}
              </Td>
              <Td className="text-right tabular-nums">{formatCredits(entry.balanceAfter)}</Td>
              <Td className="text-right tabular-nums">{formatCredits(entry.heldAfter)}</Td>
              <Td className="min-w-48 max-w-xs">
                <span className="block">{entry.reason ?? entry.ref ?? "—"}</span>
                <span className="block text-xs text-zinc-500">{t("byActor", { actor: entry.actorEmail ?? t("system") })}</span>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      {ledger.data && (
        <Pagination page={ledger.data.page} pageSize={ledger.data.pageSize} total={ledger.data.total} onPage={(p) => setSearch({ page: p })} />
      )}
    </div>
  );
}
