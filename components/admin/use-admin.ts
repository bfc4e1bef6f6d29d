"use client";
// Administrator writes. A user's flags (disabled, role) change on screen at once and go back if
// the server refuses; credits and prices wait for the server, whose numbers are the truth.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { CreditChangeInput } from "@/lib/contracts/account";
import type { PriceKey } from "@/lib/contracts/orders";
import { sendJson } from "@/components/data/api";
import { queryKeys } from "@/components/data/queries";
import type { AdminUser, AdminUserPage, CreditChange, Price, UpdatedUser } from "@/components/data/types";

export type UserChange = "disable" | "enable" | "makeAdmin" | "removeAdmin";

const flagsFor = (change: UserChange): Partial<Pick<AdminUser, "disabled" | "role">> =>
  change === "disable"
    ? { disabled: true }
    : change === "enable"
      ? { disabled: false }
      : { role: change === "makeAdmin" ? "admin" : "user" };

export function useUpdateUser() {
  const queryClient = useQueryClient();
  const lists = queryKeys.adminUsers();
  return useMutation({
    mutationFn: ({ user, change }: { user: AdminUser; change: UserChange }) =>
      sendJson<{ user: UpdatedUser }>("PATCH", `/api/admin/users/${encodeURIComponent(user.id)}`, flagsFor(change)),
    onMutate: async ({ user, change }) => {
      // The list polls; a poll landing now would briefly show the old flags again.
      await queryClient.cancelQueries({ queryKey: lists });
      const previous = queryClient.getQueriesData<AdminUserPage>({ queryKey: lists });
      const flags = flagsFor(change);
      queryClient.setQueriesData<AdminUserPage>(
        { queryKey: lists },
        (page) => page && { ...page, users: page.users.map((u) => (u.id === user.id ? { ...u, ...flags } : u)) },
      );
      return { previous };
    },
    onError: (_error, _vars, context) =>
      context?.previous.forEach(([key, data]) => queryClient.setQueryData(key, data)),
    onSettled: () => queryClient.invalidateQueries({ queryKey: lists }),
  });
}

export function useChangeCredits(userId: string | undefined) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreditChangeInput) =>
      sendJson<CreditChange>("POST", `/api/admin/users/${encodeURIComponent(userId ?? "")}/credits`, input),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.adminUsers() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.ledger() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.me() }),
      ]),
  });
}

export function useSavePrices() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: { prices: { orderType: PriceKey; baseCredits: number; perMinuteCredits: number }[] }) =>
      sendJson<{ prices: Price[] }>("PUT", "/api/admin/prices", body),
    onSuccess: async (data) => {
      queryClient.setQueryData(queryKeys.adminPrices(), data);
      await queryClient.invalidateQueries({ queryKey: queryKeys.prices() });
    },
  });
}
