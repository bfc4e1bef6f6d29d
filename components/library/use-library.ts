"use client";
// The team's media library in the browser (Studio's media bin, the Files page): one infinite,
// cursor-paged query per search/filter, refreshed while durations are still being measured, plus
// waveform peaks at a zoom level (waveform-data v2, parsed with WaveformData.create).
import { keepPreviousData, useInfiniteQuery, useQuery, useQueryClient } from "@tanstack/react-query";
import type WaveformData from "waveform-data";
import { ApiError, getJson } from "@/components/data/api";
import type { Json } from "@/components/data/types";
import type { LibraryKind, LibrarySourceType, libraryItem, listLibrary } from "@/lib/library/service";

export type LibraryItem = Json<Awaited<ReturnType<typeof libraryItem>>>;
export type LibraryPage = Json<Awaited<ReturnType<typeof listLibrary>>>;
export type { LibraryKind };
export type LibraryFilters = { q?: string; kind?: LibraryKind | ""; source?: LibrarySourceType | ""; limit?: number };

export const libraryKeys = {
  all: () => ["library"] as const,
  list: (f: LibraryFilters) =>
    ["library", "list", { q: f.q ?? "", kind: f.kind ?? "", source: f.source ?? "", limit: f.limit ?? 50 }] as const,
  item: (ref: string) => ["library", "item", ref] as const,
  peaks: (ref: string, spp: number) => ["library", "peaks", ref, spp] as const,
};

/** Refetch while some item's duration is being measured on the server, for about a minute. */
const MEASURING_POLL_MS = 2000;
const MEASURING_POLL_MAX = 30;

function libraryUrl(f: LibraryFilters, cursor: string | null) {
  const sp = new URLSearchParams();
  if (f.q) sp.set("q", f.q);
  if (f.kind) sp.set("kind", f.kind);
  if (f.source) sp.set("source", f.source);
  if (f.limit) sp.set("limit", String(f.limit));
  if (cursor) sp.set("cursor", cursor);
  const qs = sp.toString();
  return qs ? `/api/library?${qs}` : "/api/library";
}

/** The team's library, newest first: `items` flattened over the loaded pages, `fetchNextPage` for more. */
export function useLibrary(filters: LibraryFilters = {}) {
  const query = useInfiniteQuery({
    queryKey: libraryKeys.list(filters),
    queryFn: ({ pageParam, signal }) => getJson<LibraryPage>(libraryUrl(filters, pageParam), signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    placeholderData: keepPreviousData,
    refetchInterval: (q) => {
      const pages = q.state.data?.pages ?? [];
      const measuring = pages.some((p) => p.items.some((i) => i.durationUs === null));
      return measuring && q.state.dataUpdateCount < MEASURING_POLL_MAX ? MEASURING_POLL_MS : false;
    },
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  return { ...query, items };
}

/** The query for one item, also for code outside React (`queryClient.fetchQuery(libraryItemQuery(ref))`). */
export const libraryItemQuery = (ref: string) => ({
  queryKey: libraryKeys.item(ref),
  queryFn: ({ signal }: { signal?: AbortSignal }) =>
    getJson<LibraryItem>(`/api/library/item?ref=${encodeURIComponent(ref)}`, signal),
  staleTime: 60_000,
});

/** One item, its duration measured on demand (what a timeline needs before placing a clip). */
export function useLibraryItem(ref: string | null) {
  return useQuery({ ...libraryItemQuery(ref ?? ""), enabled: !!ref });
}

/** Fetches an item's peaks at the level for `spp` (the server answers 256·2^k ≤ spp). */
export async function fetchPeaks(ref: string, spp: number, signal?: AbortSignal): Promise<WaveformData> {
  const res = await fetch(`/api/library/peaks?ref=${encodeURIComponent(ref)}&spp=${Math.max(1, Math.round(spp))}`, {
    signal,
    credentials: "same-origin",
  });
  if (!res.ok) {
    const problem = (await res.json().catch(() => ({}))) as { detail?: string; title?: string };
    throw new ApiError(res.status, problem.detail || problem.title || res.statusText || "Request failed");
  }
  // The parser loads with the first answer (its own chunk), so pages paint without waiting for it.
  const [buffer, { default: Waveform }] = await Promise.all([res.arrayBuffer(), import("waveform-data")]);
  return Waveform.create(buffer);
}

/** The level (samples per pixel) for a zoom: the finest stored level that still has ≥ 1 sample pair per pixel. */
export function peaksLevel(sampleRate: number, pxPerSec: number): number {
  const spp = sampleRate / Math.max(pxPerSec, 1e-6);
  let level = 256;
  while (level * 2 <= spp && level < 256 * 2 ** 16) level *= 2;
  return level;
}

/** The query for peaks at a level, also for code outside React (a timeline drawing many clips). */
export const peaksQuery = (ref: string, spp: number) => ({
  queryKey: libraryKeys.peaks(ref, spp),
  // No abort signal: a waveform whose viewer unmounted mid-request (a bin row re-rendered, a clip
  // scrolled away) still lands in the cache instead of being cancelled and fetched again.
  queryFn: () => fetchPeaks(ref, spp),
  staleTime: Number.POSITIVE_INFINITY,
  gcTime: 5 * 60_000,
});

/** Peaks of one item at a zoom level; peaks of a stored file never change, so they are kept. */
export function usePeaks(ref: string | null, spp: number) {
  return useQuery({ ...peaksQuery(ref ?? "", spp), enabled: !!ref });
}

/** Call after adding media (upload, link, export finished) so every library view refreshes. */
export function useInvalidateLibrary() {
  const queryClient = useQueryClient();
  // Peaks are left alone: a stored file's peaks never change (new media is a new ref), and
  // refetching every drawn waveform after each upload is exactly the waste the cache is for.
  return () =>
    queryClient.invalidateQueries({ queryKey: libraryKeys.all(), predicate: (q) => q.queryKey[1] !== "peaks" });
}
