"use client";
// What every part of the editor shares: the project's zustand store (studio-model's
// createStudioStore), the preview player and the media directory (ref → playable URL, name, length).
import { createContext, useContext } from "react";
import { useStore } from "zustand";
import type { MediaRef } from "@/lib/studio/types";
import { type LibraryItem, libraryItem } from "./api";
import type { Player } from "./playback";
import type { createStudioStore } from "./store";

export type StudioStore = ReturnType<typeof createStudioStore>;
export type StudioState = ReturnType<StudioStore["getState"]>;

/** Everything the browser has learnt about media refs, from the bin and the audio_infos answer. */
export class MediaDirectory {
  private items = new Map<MediaRef, Pick<LibraryItem, "url" | "name" | "durationUs" | "kind">>();
  remember(list: Pick<LibraryItem, "ref" | "url" | "name" | "durationUs" | "kind">[]) {
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
    const item = await libraryItem(ref).catch(() => null);
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
