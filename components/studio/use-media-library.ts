"use client";
// The team's media for the bin. studio-media builds the shared hook (components/library/use-library.ts,
// also the future Files page); this thin adapter reads the same GET /api/library so Studio does not
// wait on it, and feeds every item it sees into the editor's media directory.
import { useInfiniteQuery, useQueryClient } from "@tanstack/react-query";
import { useCallback, useEffect } from "react";
import { type LibraryItem, libraryItem, libraryPage, studioKeys } from "./api";
import type { MediaDirectory } from "./editor-context";

export function useMediaLibrary(q: string, media: MediaDirectory) {
  const query = useInfiniteQuery({
    queryKey: studioKeys.library(q),
    queryFn: ({ pageParam, signal }) => libraryPage({ q, cursor: pageParam }, signal),
    initialPageParam: null as string | null,
    getNextPageParam: (last) => last.nextCursor,
    refetchInterval: 15_000,
  });
  const items = query.data?.pages.flatMap((p) => p.items) ?? [];
  useEffect(() => {
    if (query.data) media.remember(query.data.pages.flatMap((p) => p.items));
  }, [query.data, media]);
  const qc = useQueryClient();
  const refresh = useCallback(() => qc.invalidateQueries({ queryKey: ["library"] }), [qc]);
  return { query, items, refresh };
}

const durations = new Map<string, Promise<number | null>>();
/** Library rows may not know their length yet; the browser reads it from the media's metadata. */
export function measureDuration(item: Pick<LibraryItem, "ref" | "url" | "durationUs">): Promise<number | null> {
  if (item.durationUs) return Promise.resolve(item.durationUs);
  let hit = durations.get(item.ref);
  if (!hit) {
    hit = new Promise((resolve) => {
      const a = new Audio();
      a.preload = "metadata";
      a.onloadedmetadata = () => resolve(Number.isFinite(a.duration) ? Math.round(a.duration * 1e6) : null);
      a.onerror = () => resolve(null);
      a.src = item.url;
    });
    durations.set(item.ref, hit);
  }
  return hit;
}

/** Library items named by an "Open in Studio" link: by ref (`upload:…`) or, for order results
 * whose rows only carry a signed link, by the link's path. Pages through the library a few times. */
export async function findLibraryItems(keys: string[]): Promise<LibraryItem[]> {
  const found = new Map<string, LibraryItem>();
  const path = (url: string) => {
    try {
      return new URL(url, "http://x").pathname;
    } catch {
      return url;
    }
  };
  await Promise.all(
    keys
      .filter((k) => /^(upload|file|material):/.test(k))
      .map((k) =>
        libraryItem(k as LibraryItem["ref"])
          .then((i) => found.set(k, i))
          .catch(() => {}),
      ),
  );
  let cursor: string | null = null;
  for (let page = 0; page < 10 && found.size < keys.length; page++) {
    const p = await libraryPage({ cursor });
    for (const i of p.items) {
      if (keys.includes(i.ref)) found.set(i.ref, i);
      else if (keys.includes(path(i.url))) found.set(path(i.url), i);
    }
    cursor = p.nextCursor;
    if (!cursor) break;
  }
  return keys.flatMap((k) => (found.get(k) ? [found.get(k) as LibraryItem] : []));
}
