"use client";
// The order page's transcript: the latest version, saving a correction, sending it to a draft.
import { queryOptions, useMutation, useQueryClient } from "@tanstack/react-query";
import { getJson, sendJson } from "@/components/data/api";
import { queryKeys } from "@/components/data/queries";
import type { SentToDraft, TranscriptView } from "@/components/data/types";
import type { SaveTranscriptInput, SendToDraftInput } from "@/lib/contracts/transcripts";

const path = (orderNo: string) => `/api/orders/${encodeURIComponent(orderNo)}/transcript`;
// Not under the order's key: refreshing the order must not reload the player.
const transcriptKey = (orderNo: string) => ["transcripts", orderNo] as const;

export const transcriptQuery = (orderNo: string) =>
  queryOptions({
    queryKey: transcriptKey(orderNo),
    queryFn: ({ signal }) => getJson<TranscriptView>(path(orderNo), signal),
    // The player's signed URL lasts an hour; refetch only on demand so the video never reloads mid-play.
    staleTime: Infinity,
  });

export const transcriptDownloadUrl = (orderNo: string, format: "txt" | "srt" | "vtt") =>
  `${path(orderNo)}/download?format=${format}`;

export function useSaveTranscript(orderNo: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SaveTranscriptInput) => sendJson<TranscriptView>("POST", path(orderNo), input),
    onSuccess: (view) => queryClient.setQueryData(transcriptKey(orderNo), view),
  });
}

export function useSendToDraft(orderNo: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: SendToDraftInput) => sendJson<SentToDraft>("POST", `${path(orderNo)}/send`, input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.drafts() }),
  });
}
