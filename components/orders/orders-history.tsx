"use client";
// The team's order history: filters and search in the URL, pagination, CSV export. Polls, so a
// teammate's new order appears without a reload. Reads through usePolledJson, not react-query, so
// the page loads without the query library.
import { useTranslations } from "next-intl";
import Link from "next/link";
import type { ReactNode } from "react";
import { ORDER_STATUSES, ORDER_TYPES } from "@/lib/contracts/order-types";
import { useSearchBox, useUrlState } from "@/components/admin/use-url-state";
import { search as toSearch } from "@/components/data/api";
import type { OrderFilters } from "@/components/data/queries";
import { QueryTable, type Column } from "@/components/data/query-table";
import type { OrderPage, OrderSummary, TeamDetails } from "@/components/data/types";
import { usePolledJson } from "@/components/data/use-polled-json";
import { useFormatCredits, useFormatDate } from "@/components/format";
import { buttonClass } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { OrderStatusBadge } from "./status-badge";

const PAGE_SIZE = 20;
/** Teammates' new orders and status changes appear without a reload. */
const POLL_MS = 3000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

function FilterField({ id, label, children }: { id: string; label: string; children: ReactNode }) {
  return (
    <div className="space-y-1.5">
      <label htmlFor={id} className="block text-sm font-medium text-zinc-800">
        {label}
      </label>
      {children}
    </div>
  );
}

export function OrdersHistory() {
  const t = useTranslations("orders");
  const formatDate = useFormatDate();
  const formatCredits = useFormatCredits();
  const [params, setParams] = useUrlState();

  const pick = <T extends readonly string[]>(key: string, allowed: T) => {
    const v = params.get(key) ?? "";
    return allowed.includes(v) ? v : "";
  };
  const date = (key: string) => {
    const v = params.get(key) ?? "";
    return DATE.test(v) ? v : "";
  };
  const filters: OrderFilters = {
    type: pick("type", ORDER_TYPES),
    status: pick("status", ORDER_STATUSES),
    member: params.get("member") ?? "",
    q: params.get("q") ?? "",
    from: date("from"),
    to: date("to"),
  };
  const page = Math.max(1, Number(params.get("page")) || 1);
  const orders = usePolledJson<OrderPage>(
    `/api/orders?${toSearch({ ...filters, page, pageSize: PAGE_SIZE })}`,
    POLL_MS,
  );
  const team = usePolledJson<TeamDetails>("/api/team");

  const searchBox = useSearchBox(filters.q, setParams);

  const set = (key: keyof OrderFilters) => (e: { target: { value: string } }) =>
    setParams({ [key]: e.target.value, page: null });
  const filtered = Object.values(filters).some(Boolean);
  const columns: Column<OrderSummary>[] = [
    {
      id: "orderNo",
      header: t("orderNo"),
      tdProps: { className: "max-w-64" },
      // The work's name first; the order number under it (what the API and support use).
      cell: (o) => (
        <div className="min-w-0">
          <Link
            href={`/orders/${encodeURIComponent(o.orderNo)}`}
            className="block truncate text-sm font-medium text-accent-700 hover:underline"
            title={o.title ?? o.orderNo}
            data-testid="order-title"
          >
            {o.title ?? o.orderNo}
          </Link>
          {o.title && <span className="block font-mono text-xs text-zinc-500">{o.orderNo}</span>}
        </div>
      ),
    },
    {
      id: "type",
      header: t("type"),
      tdProps: { className: "whitespace-nowrap" },
      cell: (o) => t(`types.${o.type}.name`),
    },
    {
      id: "member",
      header: t("member"),
      cell: (o) => (
        <span className="block max-w-48 truncate" title={o.user.email}>
          {o.user.name}
        </span>
      ),
    },
    {
      id: "status",
      header: t("status"),
      tdProps: { className: "whitespace-nowrap" },
      cell: (o) => (
        <>
          <OrderStatusBadge status={o.status} />
          {(o.status === "pending" || o.status === "processing") && (
            <span className="ml-2 text-xs text-zinc-500 tabular-nums">{Math.round(o.progress * 100)}%</span>
          )}
        </>
      ),
    },
    {
      id: "cost",
      header: t("cost"),
      thProps: { className: "text-right" },
      tdProps: { className: "text-right tabular-nums" },
      cell: (o) => (o.payStatus === "paid" ? formatCredits(o.cost) : <span className="text-zinc-400">—</span>),
    },
    {
      id: "created",
      header: t("created"),
      tdProps: { className: "whitespace-nowrap text-zinc-600" },
      cell: (o) => formatDate(o.createdAt, "short"),
    },
  ];

  return (
    <div className="space-y-4">
      <div className="grid gap-3 sm:grid-cols-2 lg:grid-cols-3">
        <form role="search" onSubmit={searchBox.submit}>
          <FilterField id="orders-q" label={t("search")}>
            <Input
              id="orders-q"
              type="search"
              value={searchBox.text}
              onChange={(e) => searchBox.setText(e.target.value)}
              placeholder={t("searchPlaceholder")}
            />
          </FilterField>
        </form>
        <FilterField id="orders-type" label={t("type")}>
          <Select id="orders-type" value={filters.type} onChange={set("type")}>
            <option value="">{t("allTypes")}</option>
            {ORDER_TYPES.map((type) => (
              <option key={type} value={type}>
                {t(`types.${type}.name`)}
              </option>
            ))}
          </Select>
        </FilterField>
        <FilterField id="orders-status" label={t("status")}>
          <Select id="orders-status" value={filters.status} onChange={set("status")}>
            <option value="">{t("allStatuses")}</option>
            {ORDER_STATUSES.map((status) => (
              <option key={status} value={status}>
                {t(`statuses.${status}`)}
              </option>
            ))}
          </Select>
        </FilterField>
        <FilterField id="orders-member" label={t("member")}>
          <Select id="orders-member" value={filters.member} onChange={set("member")}>
            <option value="">{t("allMembers")}</option>
            {team.data?.members.map((m) => (
              <option key={m.userId} value={m.userId}>
                {m.name}
              </option>
            ))}
          </Select>
        </FilterField>
        <FilterField id="orders-from" label={t("from")}>
          <Input
            id="orders-from"
            type="date"
            value={filters.from}
            max={filters.to || undefined}
            onChange={set("from")}
          />
        </FilterField>
        <FilterField id="orders-to" label={t("to")}>
          <Input id="orders-to" type="date" value={filters.to} min={filters.from || undefined} onChange={set("to")} />
        </FilterField>
      </div>

      <div className="flex flex-wrap items-center justify-between gap-3">
        <p className="text-sm text-zinc-600">{filtered ? t("filteredHint") : t("teamHint")}</p>
        <div className="flex gap-2">
          {filtered && (
            <button
              type="button"
              className={buttonClass("ghost", "sm")}
              onClick={() => {
                searchBox.setText("");
                setParams({ type: null, status: null, member: null, q: null, from: null, to: null, page: null });
              }}
            >
              {t("clearFilters")}
            </button>
          )}
          <a href={`/api/orders/export?${toSearch(filters)}`} download className={buttonClass("secondary", "sm")}>
            {t("exportCsv")}
          </a>
          <Link href="/orders/new" className={buttonClass("primary", "sm")}>
            {t("newOrder")}
          </Link>
        </div>
      </div>

      <QueryTable
        query={orders}
        rows={(d) => d.orders}
        rowKey={(o) => o.orderNo}
        rowProps={(o) => ({ "data-testid": "order-row", "data-order-no": o.orderNo })}
        phoneColumns={["orderNo", "status", "cost"]}
        columns={columns}
        empty={filtered ? t("noMatches") : t("empty")}
        onPage={(p) => setParams({ page: p })}
      />
    </div>
  );
}
