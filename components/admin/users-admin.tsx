"use client";
// Everyone's accounts and credits. Polls so balances stay current while an admin works.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { adminUsersQuery, type AdminUserParams } from "@/components/data/queries";
import { QueryTable, srOnly, type Column } from "@/components/data/query-table";
import type { AdminUser } from "@/components/data/types";
import { useFormatCredits, useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/input";
import { Menu } from "@/components/ui/menu";
import { CreditDialog } from "./credit-dialog";
import { ResetPasswordDialog } from "./reset-password";
import { useUpdateUser, type UserChange } from "./use-admin";
import { useSearchBox, useUrlState } from "./use-url-state";

const SORTS = ["email", "name", "balance", "held", "spent", "lastActiveAt", "createdAt"] as const;
type Sort = (typeof SORTS)[number];
const PAGE_SIZE = 25;

type Action = { user: AdminUser; change: UserChange };

type SortProps = { column: Sort; label: string; params: AdminUserParams; onSort: (column: Sort) => void };

function SortButton({ column, label, params, onSort }: SortProps) {
  const active = params.sort === column;
  return (
    <button
      type="button"
      onClick={() => onSort(column)}
      className="inline-flex items-center gap-1 rounded hover:text-zinc-900"
    >
      {label}
      <span aria-hidden className={active ? "text-accent-600" : "text-zinc-300"}>
        {active && params.dir === "asc" ? "▲" : "▼"}
      </span>
    </button>
  );
}

const ariaSort = (params: AdminUserParams, ...columns: Sort[]) =>
  columns.includes(params.sort as Sort) ? (params.dir === "asc" ? "ascending" : "descending") : undefined;

export function UsersAdmin() {
  const t = useTranslations("admin");
  const tc = useTranslations("common");
  const tRoles = useTranslations("roles");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const formatShortDate = (iso: string) => formatDate(iso, "short");
  const router = useRouter();
  const formatCredits = useFormatCredits();
  const [search, setSearch] = useUrlState();

  const sortParam = search.get("sort");
  const params: AdminUserParams = {
    q: search.get("q") ?? "",
    sort: SORTS.includes(sortParam as Sort) ? (sortParam as Sort) : "createdAt",
    dir: search.get("dir") === "asc" ? "asc" : "desc",
    page: Math.max(1, Number(search.get("page")) || 1),
    pageSize: PAGE_SIZE,
  };
  const users = useQuery(adminUsersQuery(params));

  const searchBox = useSearchBox(params.q, setSearch);

  const [crediting, setCrediting] = useState<AdminUser | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const [resetting, setResetting] = useState<AdminUser | null>(null);
  const tReset = useTranslations("credits.reset");
  const update = useUpdateUser();

  function onSort(column: Sort) {
    const dir = params.sort === column && params.dir === "desc" ? "asc" : "desc";
    setSearch({ sort: column, dir, page: null });
  }

  const head = { params, onSort };
  const right = { className: "text-right tabular-nums" };
  const sortable = (column: Sort, label: string, align?: "right"): Column<AdminUser> => ({
    id: column,
    header: <SortButton column={column} label={label} {...head} />,
    thProps: { "aria-sort": ariaSort(params, column), className: align === "right" ? "text-right" : undefined },
    cell: () => null,
  });
  const columns: Column<AdminUser>[] = [
    {
      id: "user",
      header: (
        <span className="inline-flex items-center gap-3">
          <SortButton column="name" label={t("name")} {...head} />
          <SortButton column="email" label={t("email")} {...head} />
        </span>
      ),
      thProps: { "aria-sort": ariaSort(params, "name", "email") },
      cell: (u) => (
        <>
          <span className="flex flex-wrap items-center gap-1.5">
            <span className="font-medium text-zinc-900">{u.name}</span>
            {u.role === "admin" && <Badge tone="accent">{tRoles("admin")}</Badge>}
            {u.disabled && <Badge tone="red">{t("disabled")}</Badge>}
          </span>
          <span className="block max-w-64 truncate text-xs text-zinc-500" title={u.email}>
            {u.email}
          </span>
        </>
      ),
    },
    {
      ...sortable("balance", t("available"), "right"),
      tdProps: { ...right, "data-testid": "user-balance" },
      cell: (u) => formatCredits(u.balance),
    },
    { ...sortable("held", t("held"), "right"), tdProps: right, cell: (u) => formatCredits(u.held) },
    { ...sortable("spent", t("used"), "right"), tdProps: right, cell: (u) => formatCredits(u.spent) },
    {
      id: "teams",
      header: t("teams"),
      tdProps: { className: "text-zinc-600" },
      cell: (u) => (
        <span className="block max-w-40 truncate" title={u.teams.map((team) => team.name).join(", ")}>
          {u.teams.map((team) => team.name).join(", ") || "—"}
        </span>
      ),
    },
    {
      ...sortable("lastActiveAt", t("lastActive")),
      tdProps: { className: "whitespace-nowrap text-zinc-600" },
      cell: (u) => (u.lastActiveAt ? formatShortDate(u.lastActiveAt) : t("never")),
    },
    {
      id: "actions",
      header: srOnly(tc("actions")),
      cell: (u) => (
        <div className="flex items-center justify-end gap-1">
          <Button variant="secondary" size="sm" onClick={() => setCrediting(u)}>
            {t("adjustCredits")}
            <span className="sr-only"> {u.email}</span>
          </Button>
          <Menu
            label={t("moreActions", { email: u.email })}
            trigger={
              <span aria-hidden className="text-lg leading-none">
                ⋯
              </span>
            }
            items={[
              {
                label: u.disabled ? t("enable") : t("disable"),
                tone: u.disabled ? undefined : "danger",
                onSelect: () => setAction({ user: u, change: u.disabled ? "enable" : "disable" }),
              },
              {
                label: u.role === "admin" ? t("removeAdmin") : t("makeAdmin"),
                onSelect: () => setAction({ user: u, change: u.role === "admin" ? "removeAdmin" : "makeAdmin" }),
              },
              { label: tReset("action"), onSelect: () => setResetting(u) },
              {
                label: t("viewLedger"),
                onSelect: () => router.push(`/admin/ledger?userId=${encodeURIComponent(u.id)}`),
              },
            ]}
          />
        </div>
      ),
    },
  ];

  return (
    <div className="space-y-4">
      <form role="search" onSubmit={searchBox.submit} className="max-w-sm">
        <label htmlFor="user-search" className="sr-only">
          {t("search")}
        </label>
        <Input
          id="user-search"
          type="search"
          value={searchBox.text}
          onChange={(e) => searchBox.setText(e.target.value)}
          placeholder={t("searchPlaceholder")}
        />
      </form>
      {update.isError && <Alert>{errorText(update.error.message)}</Alert>}
      <QueryTable
        query={users}
        rows={(d) => d.users}
        rowKey={(u) => u.id}
        rowProps={(u) => ({
          "data-testid": "user-row",
          "data-email": u.email,
          className: u.disabled ? "bg-zinc-50 text-zinc-500" : undefined,
        })}
        columns={columns}
        empty={t("noUsers")}
        onPage={(page) => setSearch({ page })}
      />

      <CreditDialog user={crediting} onClose={() => setCrediting(null)} />
      <ResetPasswordDialog user={resetting} onClose={() => setResetting(null)} />
      <ConfirmDialog
        open={action !== null}
        tone={action?.change === "disable" || action?.change === "removeAdmin" ? "danger" : "primary"}
        title={action ? t(`${action.change}Title`, { email: action.user.email }) : ""}
        description={action ? t(`${action.change}Description`) : ""}
        confirmLabel={action ? t(action.change) : ""}
        cancelLabel={tc("cancel")}
        onConfirm={() => {
          // The row shows the change at once; a refusal restores it and shows why above the list.
          if (action) update.mutate(action);
          setAction(null);
        }}
        onCancel={() => setAction(null)}
      />
    </div>
  );
}
