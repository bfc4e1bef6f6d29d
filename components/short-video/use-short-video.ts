"use client";
// Short-video writes: parse a link (charged, so the balance is refetched), save a parse's media as
// uploads, and start a separation order from it.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { z } from "zod";
import type { shortVideoAnalyzeSchema } from "@/lib/contracts/short-video";
import { sendJson } from "@/components/data/api";
import { queryKeys } from "@/components/data/queries";
import type { CreatedOrder, ShortVideoParse } from "@/components/data/types";

const parseUrl = (id: string, action: string) => `/api/short-video/${encodeURIComponent(id)}/${action}`;

export function useAnalyzeLink() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: z.output<typeof shortVideoAnalyzeSchema>) =>
      sendJson<{ parse: ShortVideoParse; balance: number; reused: boolean }>("POST", "/api/short-video", input),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.shortVideos() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.me() });
    },
  });
}

export function useSaveParse(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => sendJson<{ parse: ShortVideoParse }>("POST", parseUrl(id, "save")),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.shortVideos() }),
  });
}

export function useSeparateParse(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: () => sendJson<CreatedOrder>("POST", parseUrl(id, "separate")),
    onSuccess: () => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.shortVideos() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.orders() });
    },
  });
}
