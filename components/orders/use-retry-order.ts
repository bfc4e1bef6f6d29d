"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { sendJson } from "@/components/data/api";
import { queryKeys } from "@/components/data/queries";
import type { CreatedOrder } from "@/components/data/types";

/** Retries a failed or timed-out order as a new order (held like any create); answers the new order. */
export function useRetryOrder(orderNo: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => sendJson<CreatedOrder>("POST", `/api/orders/${encodeURIComponent(orderNo)}/retry`),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.orders() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.me() }),
      ]),
  });
}
