"use client";
// The Files page's writes: rename, what uses an item, delete. Each refreshes every library view.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { getJson, sendJson } from "@/components/data/api";
import type { Json } from "@/components/data/types";
import { type LibraryItem, libraryKeys, useInvalidateLibrary } from "@/components/library/use-library";
import type { libraryUsages } from "@/lib/library/manage";

export type LibraryUsages = Json<Awaited<ReturnType<typeof libraryUsages>>>;

/** Drops the cached item: a read started before the change (a slow first measure) must not land later
 * and bring the old name back (Studio places clips from this cache). */
function useForgetItem() {
  const queryClient = useQueryClient();
  return async (ref: string) => {
    await queryClient.cancelQueries({ queryKey: libraryKeys.item(ref) });
    queryClient.removeQueries({ queryKey: libraryKeys.item(ref) });
  };
}

export function useRenameFile() {
  const refresh = useInvalidateLibrary();
  const forget = useForgetItem();
  return useMutation({
    mutationFn: ({ ref, name }: { ref: string; name: string }) =>
      sendJson<LibraryItem>("PATCH", "/api/library/item", { ref, name }),
    onSuccess: async (_item, { ref }) => {
      await forget(ref);
      await refresh();
    },
  });
}

/** What uses an item, asked when the delete dialog opens (never cached: it is about to change). */
export function useUsages(ref: string | null) {
  return useQuery({
    queryKey: ["library", "usages", ref],
    queryFn: ({ signal }) => getJson<LibraryUsages>(`/api/library/usages?ref=${encodeURIComponent(ref ?? "")}`, signal),
    enabled: !!ref,
    staleTime: 0,
    gcTime: 0,
  });
}

export function useDeleteFile() {
  const refresh = useInvalidateLibrary();
  const forget = useForgetItem();
  return useMutation({
    mutationFn: ({ ref, force }: { ref: string; force: boolean }) =>
      sendJson<{ deleted: string }>(
        "DELETE",
        `/api/library/item?ref=${encodeURIComponent(ref)}${force ? "&force=1" : ""}`,
      ),
    onSuccess: async (_done, { ref }) => {
      await forget(ref);
      await refresh();
    },
  });
}
