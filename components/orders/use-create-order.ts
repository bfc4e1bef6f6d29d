"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { CreateOrderInput } from "@/lib/contracts/orders";
import { sendJson } from "@/components/data/api";
import { queryKeys } from "@/components/data/queries";
import type { CreatedOrder } from "@/components/data/types";

/** Creates an order; the same idempotency key for a repeated request makes one order, not two. */
export function useCreateOrder(idempotencyKey: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateOrderInput) =>
      sendJson<CreatedOrder>("POST", "/api/orders", input, { "idempotency-key": idempotencyKey }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.orders() }),
        queryClient.invalidateQueries({ queryKey: queryKeys.me() }),
      ]),
  });
}
