"use client";
// The media bin: the team's library with a mini waveform per item, search, a URL box (fetched by
// the server into an upload) and a file drop zone with upload progress. Items drag onto a lane, or
// "Add" puts one at the playhead on the selected clip's track (the keyboard path).
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { memo, useEffect, useRef, useState } from "react";
import { sendJson, uploadFile } from "@/components/data/api";
import { useErrorText } from "@/components/forms/use-error-text";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { Input } from "@/components/ui/input";
import {
  type LibraryItem,
  peaksLevel,
  useInvalidateLibrary,
  useLibrary,
  useLibraryItem,
  usePeaks,
} from "@/components/library/use-library";
import { addClip, addTrack } from "@/lib/studio/model";
import { useEditor } from "./editor-context";
import { MEDIA_MIME } from "./media-bin-drag";
import { drawPeaks } from "./peaks";
import { timecode } from "./time";

const MINI_W = 96;

function MiniWave({ item, durationUs }: { item: LibraryItem; durationUs: number | null }) {
  const ref = useRef<HTMLCanvasElement>(null);
  const pxPerSec = durationUs ? MINI_W / (durationUs / 1e6) : 0;
  // 48 kHz stands in for the rate until the first answer names it; one level too fine is harmless.
  const peaks = usePeaks(durationUs ? item.ref : null, peaksLevel(48_000, pxPerSec || 1));
  useEffect(() => {
    if (peaks.data && ref.current && pxPerSec) drawPeaks(ref.current, peaks.data, 0, pxPerSec, "#6366f1");
  }, [peaks.data, pxPerSec]);
  return <canvas ref={ref} aria-hidden className="h-8 shrink-0 rounded bg-zinc-50" style={{ width: MINI_W }} />;
}

const BinItem = memo(function BinItem({
  item,
  onAdd,
}: {
  item: LibraryItem;
  onAdd: (i: LibraryItem, d: number) => void;
}) {
  const t = useTranslations("studio");
  // A row the server has not measured yet: ask for the item, which measures it on demand.
  const measured = useLibraryItem(item.durationUs ? null : item.ref);
  const durationUs = item.durationUs ?? measured.data?.durationUs ?? null;
  return (
    <li
      draggable={!!durationUs}
      onDragStart={(e) => {
        if (!durationUs) return e.preventDefault();
        e.dataTransfer.setData(MEDIA_MIME, JSON.stringify({ ref: item.ref, name: item.name, durationUs }));
        e.dataTransfer.effectAllowed = "copy";
      }}
      data-testid="bin-item"
      data-ref={item.ref}
      className="flex cursor-grab items-center gap-2 rounded-md border border-zinc-200 bg-white p-1.5 hover:border-accent-500"
    >
      <MiniWave item={item} durationUs={durationUs} />
      <div className="min-w-0 flex-1">
        <p className="truncate text-xs font-medium text-zinc-900" title={item.name}>
          {item.name}
        </p>
        <p className="truncate text-[11px] text-zinc-500">
          {durationUs ? timecode(durationUs, false) : "—"} ·{" "}
          {t.has(`kinds.${item.kind}` as never) ? t(`kinds.${item.kind}` as never) : item.kind}
        </p>
      </div>
      <button
        type="button"
        disabled={!durationUs}
        onClick={() => durationUs && onAdd(item, durationUs)}
        aria-label={t("addToTimeline", { name: item.name })}
        title={t("addToTimeline", { name: item.name })}
        className="h-7 w-7 shrink-0 rounded border border-zinc-300 text-sm text-zinc-700 hover:bg-zinc-100 disabled:opacity-40"
      >
        +
      </button>
    </li>
  );
});

export function MediaBin() {
  const t = useTranslations("studio");
  const errorText = useErrorText();
  const { store, media, player } = useEditor();
  const [q, setQ] = useState("");
  const [url, setUrl] = useState("");
  const [over, setOver] = useState(false);
  const [uploads, setUploads] = useState<{ name: string; progress: number; error?: string }[]>([]);
  const query = useLibrary({ q });
  const { items } = query;
  const refresh = useInvalidateLibrary();
  // The editor plays and names clips from what the bin has seen.
  useEffect(() => {
    if (query.data) media.remember(query.data.pages.flatMap((p) => p.items));
  }, [query.data, media]);

  const fromUrl = useMutation({
    mutationFn: (u: string) => sendJson("POST", "/api/uploads/from-url", { url: u }),
    onSuccess: () => {
      setUrl("");
      void refresh();
    },
  });

  const upload = (files: FileList | File[]) => {
    for (const file of Array.from(files)) {
      const row = { name: file.name, progress: 0 };
      setUploads((u) => [...u, row]);
      const update = (patch: Partial<typeof row> & { error?: string }) =>
        setUploads((u) => u.map((x) => (x.name === file.name ? { ...x, ...patch } : x)));
      uploadFile("/api/uploads", file, (p) => update({ progress: p }))
        .then(() => {
          setUploads((u) => u.filter((x) => x.name !== file.name));
          void refresh();
        })
        .catch((e: Error) => update({ error: errorText(e.message) ?? e.message }));
    }
  };

  const add = (item: LibraryItem, durationUs: number) => {
    const s = store.getState();
    const at = Math.round(player.positionUs());
    const sel = s.timeline.clips.find((c) => s.selection.includes(c.id));
    s.apply((tl) => {
      let next = tl.tracks.length ? tl : addTrack(tl, t("trackName", { n: 1 }));
      const trackId = sel?.trackId ?? next.tracks[0].id;
      next = addClip(next, { media: item.ref, info: { name: item.name, durationUs }, trackId, start: at }).timeline;
      return next;
    });
  };

  return (
    <section aria-label={t("bin")} className="flex min-h-0 flex-col gap-2">
      <h2 className="text-sm font-semibold text-zinc-900">{t("bin")}</h2>
      <Input
        type="search"
        value={q}
        onChange={(e) => setQ(e.target.value)}
        placeholder={t("search")}
        aria-label={t("search")}
        className="h-8"
      />
      <form
        className="flex gap-1"
        onSubmit={(e) => {
          e.preventDefault();
          if (url.trim()) fromUrl.mutate(url.trim());
        }}
      >
        <Input
          type="url"
          value={url}
          onChange={(e) => setUrl(e.target.value)}
          placeholder="https://…"
          aria-label={t("pasteUrl")}
          className="h-8"
        />
        <Button type="submit" size="sm" variant="secondary" pending={fromUrl.isPending}>
          {t("fetch")}
        </Button>
      </form>
      {fromUrl.error && <p className="text-xs text-red-700">{errorText(fromUrl.error)}</p>}
      <label
        onDragOver={(e) => {
          if (e.dataTransfer.types.includes("Files")) {
            e.preventDefault();
            setOver(true);
          }
        }}
        onDragLeave={() => setOver(false)}
        onDrop={(e) => {
          e.preventDefault();
          setOver(false);
          if (e.dataTransfer.files.length) upload(e.dataTransfer.files);
        }}
        className={cx(
          "flex cursor-pointer flex-col items-center rounded-md border border-dashed p-3 text-center text-xs text-zinc-500",
          over ? "border-accent-500 bg-accent-50" : "border-zinc-300",
        )}
      >
        {t("dropFiles")}
        <input
          type="file"
          accept="audio/*,video/*"
          multiple
          className="sr-only"
          aria-label={t("uploadFiles")}
          onChange={(e) => e.target.files && upload(e.target.files)}
        />
      </label>
      {uploads.map((u) => (
        <div key={u.name} className="text-xs" data-testid="upload-progress">
          <p className="truncate">{u.name}</p>
          {u.error ? (
            <p className="text-red-700">{u.error}</p>
          ) : (
            <progress className="w-full" value={u.progress} max={1} aria-label={t("uploading", { name: u.name })} />
          )}
        </div>
      ))}
      <ul className="min-h-0 flex-1 space-y-1.5 overflow-y-auto" aria-label={t("binItems")}>
        {items.map((item) => (
          <BinItem key={item.ref} item={item} onAdd={add} />
        ))}
        {query.isPending && <li className="text-xs text-zinc-500">…</li>}
        {query.isError && <li className="text-xs text-red-700">{errorText(query.error)}</li>}
        {!query.isPending && !items.length && <li className="text-xs text-zinc-500">{t("binEmpty")}</li>}
      </ul>
      {query.hasNextPage && (
        <Button size="sm" variant="ghost" onClick={() => query.fetchNextPage()} pending={query.isFetchingNextPage}>
          {t("more")}
        </Button>
      )}
    </section>
  );
}
