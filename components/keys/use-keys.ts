"use client";
// API-key writes. Revoking shows at once; a refusal puts the key back as it was.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { CreateApiKeyInput } from "@/lib/contracts/account";
import { sendJson } from "@/components/data/api";
import { queryKeys } from "@/components/data/queries";
import type { ApiKey, CreatedApiKey } from "@/components/data/types";

export function useCreateKey() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateApiKeyInput) => sendJson<CreatedApiKey>("POST", "/api/keys", input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.keys() }),
  });
}

export function useRevokeKey() {
  const queryClient = useQueryClient();
  const key = queryKeys.keys();
  return useMutation({
    mutationFn: (apiKey: ApiKey) =>
      sendJson<{ apiKey: ApiKey }>("DELETE", `/api/keys/${encodeURIComponent(apiKey.id)}`),
    onMutate: async (apiKey) => {
      await queryClient.cancelQueries({ queryKey: key });
      const previous = queryClient.getQueryData<{ keys: ApiKey[] }>(key);
      const revokedAt = new Date().toISOString();
      queryClient.setQueryData<{ keys: ApiKey[] }>(
        key,
        (data) =>
          data && { keys: data.keys.map((k) => (k.id === apiKey.id ? { ...k, status: "revoked", revokedAt } : k)) },
      );
      return { previous };
    },
    onError: (_error, _apiKey, context) => context?.previous && queryClient.setQueryData(key, context.previous),
    onSettled: () => queryClient.invalidateQueries({ queryKey: key }),
  });
}
