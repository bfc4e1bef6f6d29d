"use client";
// Everyone's accounts and credits. Polls so balances stay current while an admin works.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { sendJson } from "@/components/data/api";
import { adminUsersQuery, queryKeys, type AdminUserParams } from "@/components/data/queries";
import type { AdminUser } from "@/components/data/types";
import { useFormatCredits, useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { Input } from "@/components/ui/input";
import { Menu } from "@/components/ui/menu";
import { Pagination } from "@/components/ui/pagination";
import { EmptyRow, TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { CreditDialog } from "./credit-dialog";
import { useUrlState } from "./use-url-state";

const SORTS = ["email", "name", "balance", "held", "spent", "lastActiveAt", "createdAt"] as const;
type Sort = (typeof SORTS)[number];
const PAGE_SIZE = 25;

type Action = { user: AdminUser; change: "disable" | "enable" | "makeAdmin" | "removeAdmin" };

type SortProps = { column: Sort; label: string; params: AdminUserParams; onSort: (column: Sort) => void };

function SortButton({ column, label, params, onSort }: SortProps) {
  const active = params.sort === column;
  return (
    <button type="button" onClick={() => onSort(column)} className="inline-flex items-center gap-1 rounded hover:text-zinc-900">
      {label}
      <span aria-hidden className={active ? "text-accent-600" : "text-zinc-300"}>
        {active && params.dir === "asc" ? "▲" : "▼"}
      </span>
    </button>
  );
}

function SortHeader({ align, ...props }: SortProps & { align?: "right" }) {
  const active = props.params.sort === props.column;
  return (
    <Th aria-sort={active ? (props.params.dir === "asc" ? "ascending" : "descending") : undefined} className={align === "right" ? "text-right" : undefined}>
      <SortButton {...props} />
    </Th>
  );
}

export function UsersAdmin() {
  const t = useTranslations("admin");
  const tc = useTranslations("common");
  const tRoles = useTranslations("roles");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const formatShortDate = (iso: string) => formatDate(iso, "short");
  const router = useRouter();
  const formatCredits = useFormatCredits();
  const queryClient = useQueryClient();
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

  // The box updates the URL a moment after typing stops.
  const [q, setQ] = useState(params.q);
  useEffect(() => {
    if (q.trim() === params.q) return;
    const timer = setTimeout(() => setSearch({ q: q.trim(), page: null }), 300);
    return () => clearTimeout(timer);
  }, [q, params.q, setSearch]);

  const [crediting, setCrediting] = useState<AdminUser | null>(null);
  const [action, setAction] = useState<Action | null>(null);
  const update = useMutation({
    mutationFn: ({ user, change }: Action) =>
      sendJson("PATCH", `/api/admin/users/${encodeURIComponent(user.id)}`,
        change === "disable" ? { disabled: true }
        : change === "enable" ? { disabled: false }
        : { role: change === "makeAdmin" ? "admin" : "user" }),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.adminUsers() });
      setAction(null);
    },
  });

  function onSort(column: Sort) {
    const dir = params.sort === column && params.dir === "desc" ? "asc" : "desc";
    setSearch({ sort: column, dir, page: null });
  }

  const head = { params, onSort };
  const rows = users.data?.users ?? [];

  return (
    <div className="space-y-4">
      <form role="search" onSubmit={(e) => { e.preventDefault(); setSearch({ q: q.trim(), page: null }); }} className="max-w-sm">
        <label htmlFor="user-search" className="sr-only">
          {t("search")}
        </label>
        <Input id="user-search" type="search" value={q} onChange={(e) => setQ(e.target.value)} placeholder={t("searchPlaceholder")} />
      </form>
      {users.isError && <Alert>{errorText(users.error.message)}</Alert>}
      <Table>
        <THead>
          <tr>
            <Th aria-sort={params.sort === "name" || params.sort === "email" ? (params.dir === "asc" ? "ascending" : "descending") : undefined}>
              <span className="inline-flex items-center gap-3">
                <SortButton column="name" label={t("name")} {...head} />
                <SortButton column="email" label={t("email")} {...head} />
              </span>
            </Th>
            <SortHeader column="balance" label={t("available")} align="right" {...head} />
            <SortHeader column="held" label={t("held")} align="right" {...head} />
            <SortHeader column="spent" label={t("used")} align="right" {...head} />
            <Th>{t("teams")}</Th>
            <SortHeader column="lastActiveAt" label={t("lastActive")} {...head} />
            <Th>
              <span className="sr-only">{tc("actions")}</span>
            </Th>
          </tr>
        </THead>
        <TBody>
          {users.isPending && <EmptyRow colSpan={7}>{tc("loading")}</EmptyRow>}
          {users.isSuccess && rows.length === 0 && <EmptyRow colSpan={7}>{t("noUsers")}</EmptyRow>}
          {rows.map((u) => (
            <Tr key={u.id} data-testid="user-row" data-email={u.email} className={u.disabled ? "bg-zinc-50 text-zinc-500" : undefined}>
              <Td>
                <span className="flex flex-wrap items-center gap-1.5">
                  <span className="font-medium text-zinc-900">{u.name}</span>
                  {u.role === "admin" && <Badge tone="accent">{tRoles("admin")}</Badge>}
                  {u.disabled && <Badge tone="red">{t("disabled")}</Badge>}
                </span>
                <span className="block max-w-64 truncate text-xs text-zinc-500" title={u.email}>
                  {u.email}
                </span>
              </Td>
              <Td className="text-right tabular-nums" data-testid="user-balance">{formatCredits(u.balance)}</Td>
              <Td className="text-right tabular-nums">{formatCredits(u.held)}</Td>
              <Td className="text-right tabular-nums">{formatCredits(u.spent)}</Td>
              <Td className="text-zinc-600">
                <span className="block max-w-40 truncate" title={u.teams.map((team) => team.name).join(", ")}>
                  {u.teams.map((team) => team.name).join(", ") || "—"}
                </span>
              </Td>
              <Td className="whitespace-nowrap text-zinc-600">{u.lastActiveAt ? formatShortDate(u.lastActiveAt) : t("never")}</Td>
              <Td>
                <div className="flex items-center justify-end gap-1">
                  <Button variant="secondary" size="sm" onClick={() => setCrediting(u)}>
                    {t("adjustCredits")}
                    <span className="sr-only"> {u.email}</span>
                  </Button>
                  <Menu
                    label={t("moreActions", { email: u.email })}
                    trigger={<span aria-hidden className="text-lg leading-none">⋯</span>}
                    items={[
                      { label: u.disabled ? t("enable") : t("disable"), tone: u.disabled ? undefined : "danger", onSelect: () => setAction({ user: u, change: u.disabled ? "enable" : "disable" }) },
                      { label: u.role === "admin" ? t("removeAdmin") : t("makeAdmin"), onSelect: () => setAction({ user: u, change: u.role === "admin" ? "removeAdmin" : "makeAdmin" }) },
                      { label: t("viewLedger"), onSelect: () => router.push(`/admin/ledger?userId=${encodeURIComponent(u.id)}`) },
                    ]}
                  />
                </div>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      {users.data && (
        <Pagination page={users.data.page} pageSize={users.data.pageSize} total={users.data.total} onPage={(page) => setSearch({ page })} />
      )}

      <CreditDialog user={crediting} onClose={() => setCrediting(null)} />
      <ConfirmDialog
        open={action !== null}
        tone={action?.change === "disable" || action?.change === "removeAdmin" ? "danger" : "primary"}
        title={action ? t(`${action.change}Title`, { email: action.user.email }) : ""}
        description={action ? t(`${action.change}Description`) : ""}
        confirmLabel={action ? t(action.change) : ""}
        cancelLabel={tc("cancel")}
        pending={update.isPending}
        error={update.isError ? errorText(update.error.message) : undefined}
        onConfirm={() => action && update.mutate(action)}
        onCancel={() => {
          update.reset();
          setAction(null);
        }}
      />
    </div>
  );
}
