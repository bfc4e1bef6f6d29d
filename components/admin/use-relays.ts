"use client";
// Admin "Engines" → relays writes: each answers the whole relays view, which replaces the cached one.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { sendJson } from "@/components/data/api";
import { adminRelaysQuery } from "@/components/data/queries";
import type { RelayConnectionResult, RelayReconcileOutcome } from "@/components/data/types";
import type { RelaysView, RoutableType, RouteStep } from "@/lib/contracts/relays";

export type UpstreamInput = {
  name?: string;
  kind?: string;
  baseUrl?: string;
  apiKey?: string;
  model?: string;
  costs?: Partial<Record<RoutableType, number>>;
  enabled?: boolean;
};

function useRelaysMutation<V, R = RelaysView>(fn: (v: V) => Promise<R>, viewOf: (r: R) => RelaysView) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (data) => queryClient.setQueryData(adminRelaysQuery().queryKey, viewOf(data)),
  });
}

const same = (v: RelaysView) => v;

export const useCreateUpstream = () =>
  useRelaysMutation((body: UpstreamInput) => sendJson<RelaysView>("POST", "/api/admin/relays/upstreams", body), same);

export const useUpdateUpstream = () =>
  useRelaysMutation(
    ({ id, ...body }: UpstreamInput & { id: string }) =>
      sendJson<RelaysView>("PATCH", `/api/admin/relays/upstreams/${encodeURIComponent(id)}`, body),
    same,
  );

export const useDeleteUpstream = () =>
  useRelaysMutation(
    (id: string) => sendJson<RelaysView>("DELETE", `/api/admin/relays/upstreams/${encodeURIComponent(id)}`),
    same,
  );

export const useTestUpstream = () =>
  useRelaysMutation(
    (id: string) =>
      sendJson<RelayConnectionResult>("POST", `/api/admin/relays/upstreams/${encodeURIComponent(id)}/test`),
    (r) => r.view as RelaysView,
  );

export const useSaveRoute = () =>
  useRelaysMutation(
    ({ type, steps }: { type: RoutableType; steps: RouteStep[] }) =>
      sendJson<RelaysView>("PUT", "/api/admin/relays/routes", { [type]: steps }),
    same,
  );

export const useReconcileNow = () =>
  useRelaysMutation<void, RelayReconcileOutcome>(
    () => sendJson<RelayReconcileOutcome>("POST", "/api/admin/relays/reconcile"),
    (r) => r.view as RelaysView,
  );
