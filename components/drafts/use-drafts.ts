"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { CreateDraftInput } from "@/lib/contracts/drafts";
import { sendJson } from "@/components/data/api";
import { queryKeys } from "@/components/data/queries";
import type { DraftSummary } from "@/components/data/types";

export function useCreateDraft() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (input: CreateDraftInput) => sendJson<DraftSummary>("POST", "/api/drafts", input),
    onSuccess: () => void queryClient.invalidateQueries({ queryKey: queryKeys.drafts() }),
  });
}

/** Places a library item on a new audio track of a draft (the draft page, the Files page). */
export function useAddLibraryAudio() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ draftId, ref }: { draftId: string; ref: string }) =>
      sendJson<{ draftId: string }>("POST", `/api/drafts/${encodeURIComponent(draftId)}/audio`, { ref }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.drafts() }),
        queryClient.invalidateQueries({ queryKey: ["library"] }),
      ]),
  });
}
