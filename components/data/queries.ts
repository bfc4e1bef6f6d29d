// Query-key factories and query options for every read the UI makes.
import { queryOptions } from "@tanstack/react-query";
import { getJson } from "./api";
import type { AdminUser, ApiKey, InvitePreview, LedgerEntry, Me, Page, TeamDetails } from "./types";

export type AdminUserParams = { q: string; sort: string; dir: "asc" | "desc"; page: number; pageSize: number };
export type LedgerParams = { userId: string; page: number; pageSize: number };

export const queryKeys = {
  me: () => ["me"] as const,
  keys: () => ["keys"] as const,
  team: () => ["team"] as const,
  invite: (token: string) => ["invite", token] as const,
  adminUsers: () => ["admin", "users"] as const,
  adminUserList: (params: AdminUserParams) => ["admin", "users", params] as const,
  ledger: () => ["admin", "ledger"] as const,
  ledgerList: (params: LedgerParams) => ["admin", "ledger", params] as const,
};

const POLL_MS = 3000;

function search(params: Record<string, string | number>): string {
  const sp = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== "" && v !== undefined) sp.set(k, String(v));
  return sp.toString();
}

export const meQuery = (poll = false) =>
  queryOptions({
    queryKey: queryKeys.me(),
    queryFn: ({ signal }) => getJson<Me>("/api/me", signal),
    refetchInterval: poll ? POLL_MS : false,
  });

export const keysQuery = () =>
  queryOptions({
    queryKey: queryKeys.keys(),
    queryFn: ({ signal }) => getJson<{ keys: ApiKey[] }>("/api/keys", signal),
  });

export const teamQuery = () =>
  queryOptions({
    queryKey: queryKeys.team(),
    queryFn: ({ signal }) => getJson<TeamDetails>("/api/team", signal),
  });

export const inviteQuery = (token: string) =>
  queryOptions({
    queryKey: queryKeys.invite(token),
    queryFn: ({ signal }) => getJson<InvitePreview>(`/api/invites/${encodeURIComponent(token)}`, signal),
    retry: false,
  });

export const adminUsersQuery = (params: AdminUserParams) =>
  queryOptions({
    queryKey: queryKeys.adminUserList(params),
    queryFn: ({ signal }) => getJson<Page<"users", AdminUser>>(`/api/admin/users?${search(params)}`, signal),
    refetchInterval: POLL_MS,
    placeholderData: (previous) => previous,
  });

export const ledgerQuery = (params: LedgerParams) =>
  queryOptions({
    queryKey: queryKeys.ledgerList(params),
    queryFn: ({ signal }) => getJson<Page<"entries", LedgerEntry>>(`/api/admin/ledger?${search(params)}`, signal),
    placeholderData: (previous) => previous,
  });
