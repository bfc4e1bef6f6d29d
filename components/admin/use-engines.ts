"use client";
// Admin "Engines" writes: each answers the whole engines view, which replaces the cached one.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { sendJson } from "@/components/data/api";
import { adminEnginesQuery } from "@/components/data/queries";
import type { EngineChoice, EnginesView, SeparationType } from "@/lib/contracts/engines";

function useEnginesMutation<V>(fn: (v: V) => Promise<EnginesView>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: fn,
    onSuccess: (data) => queryClient.setQueryData(adminEnginesQuery().queryKey, data),
  });
}

export const useSetEngineDefault = () =>
  useEnginesMutation(({ type, choice }: { type: SeparationType; choice: EngineChoice }) =>
    sendJson<EnginesView>("PUT", "/api/admin/engines", { [type]: choice }),
  );

export const useInstallModel = () =>
  useEnginesMutation((name: string) => sendJson<EnginesView>("POST", "/api/admin/engines/models", { name }));

export const useRemoveModel = () =>
  useEnginesMutation((name: string) =>
    sendJson<EnginesView>("DELETE", `/api/admin/engines/models/${encodeURIComponent(name)}`),
  );
