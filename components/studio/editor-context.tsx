"use client";
// What every part of the editor shares: the project's zustand store (studio-model's
// createStudioStore), the preview player and the media directory (ref → playable URL, name, length).
import { createContext, useContext } from "react";
import { useStore } from "zustand";
import type { MediaRef } from "@/lib/studio/types";
import type { LibraryItem } from "@/components/library/use-library";
import type { Player } from "./playback";
import type { createStudioStore } from "./store";

export type StudioStore = ReturnType<typeof createStudioStore>;
export type StudioState = ReturnType<StudioStore["getState"]>;

type Known = { url: string; name: string; durationUs: number | null; kind: string };

/** Everything the browser has learnt about media refs, from the bin and the audio_infos answer. */
export class MediaDirectory {
  /** `fetchItem` reads one library item (the shared library query, so the cache is the app's). */
  constructor(private readonly fetchItem: (ref: MediaRef) => Promise<LibraryItem>) {}
  private items = new Map<MediaRef, Known>();
  remember(list: (Known & { ref: MediaRef })[]) {
    for (const i of list) this.items.set(i.ref, i);
  }
  setUrl(ref: MediaRef, url: string) {
    const cur = this.items.get(ref);
    this.items.set(ref, { name: cur?.name ?? ref, durationUs: cur?.durationUs ?? null, kind: cur?.kind ?? "", url });
  }
  get(ref: MediaRef) {
    return this.items.get(ref);
  }
  /** A playable same-origin URL for a ref, asking the library for refs the bin has not shown. */
  async url(ref: MediaRef): Promise<string | undefined> {
    const known = this.items.get(ref)?.url;
    if (known) return known;
    const item = await this.fetchItem(ref).catch(() => null);
    if (item) this.remember([item]);
    return item?.url;
  }
}

export type Editor = {
  projectId: string;
  store: StudioStore;
  player: Player;
  media: MediaDirectory;
  /** The scroll container of the timeline, for zoom-to-fit and scroll-into-view. */
  viewport: { current: HTMLDivElement | null };
};

const EditorContext = createContext<Editor | null>(null);
export const EditorProvider = EditorContext.Provider;

export function useEditor(): Editor {
  const e = useContext(EditorContext);
  if (!e) throw new Error("useEditor outside EditorProvider");
  return e;
}

export function useEd<T>(selector: (s: StudioState) => T): T {
  return useStore(useEditor().store, selector);
}
