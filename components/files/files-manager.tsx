"use client";
// The Files page: every media item of the team (uploads, links fetched, short-video saves, order
// results, Studio exports, draft audio) with its waveform, kind, length, source, who added it and
// when; search and filters; rename, delete (what uses it shown first), new order, Studio, drafts.
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { type LibraryItem, type LibraryKind, useLibrary } from "@/components/library/use-library";
import { formatUs, WaveformThumb } from "@/components/library/waveform-thumb";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button, buttonClass } from "@/components/ui/button";
import { Input, Select } from "@/components/ui/input";
import { Menu } from "@/components/ui/menu";
import type { LibrarySourceType } from "@/lib/library/service";
import { AddToDraftDialog, DeleteDialog, RenameDialog } from "./file-dialogs";

const KINDS: LibraryKind[] = ["upload", "stem", "music", "export", "material"];
const SOURCES: LibrarySourceType[] = ["file", "link", "short-video", "order", "draft"];
type Action = { kind: "rename" | "delete" | "draft"; item: LibraryItem } | null;

/** Where an item came from, linked when it has a page. */
function SourceCell({ item }: { item: LibraryItem }) {
  const t = useTranslations("files");
  const label = t(`sources.${item.source.type}`);
  const id = item.source.id;
  if (item.source.type === "order" && id)
    return (
      <Link href={`/orders/${encodeURIComponent(id)}`} className="text-accent-700 hover:underline">
        {label}
      </Link>
    );
  if (item.source.type === "draft" && id)
    return (
      <Link href={`/drafts/${encodeURIComponent(id)}`} className="text-accent-700 hover:underline">
        {label}
      </Link>
    );
  return <>{label}</>;
}

function FileRow({ item, onAction }: { item: LibraryItem; onAction: (a: Action) => void }) {
  const t = useTranslations("files");
  const formatDate = useFormatDate();
  const studioHref = `/studio/new?add=${encodeURIComponent(item.ref)}&name=${encodeURIComponent(item.name)}`;
  return (
    <li
      data-testid="file-row"
      data-ref={item.ref}
      className="flex flex-wrap items-center gap-x-3 gap-y-2 rounded-lg border border-zinc-200 bg-white p-3 shadow-sm"
    >
      <WaveformThumb item={item} width={120} />
      <div className="min-w-0 flex-1 basis-48">
        <p className="truncate text-sm font-medium text-zinc-900" title={item.name} data-testid="file-name">
          {item.name}
        </p>
        <p className="mt-0.5 flex flex-wrap items-center gap-x-2 gap-y-1 text-xs text-zinc-600">
          <Badge tone={item.kind === "upload" ? "grey" : item.kind === "material" ? "amber" : "accent"}>
            {t(`kinds.${item.kind}`)}
            {item.video ? ` · ${t("video")}` : ""}
          </Badge>
          <span className="tabular-nums">{formatUs(item.durationUs)}</span>
          <span>
            <SourceCell item={item} />
          </span>
          <span>{t("addedBy", { name: item.addedBy.name, when: formatDate(item.createdAt, "short") })}</span>
        </p>
      </div>
      <div className="flex items-center gap-1.5">
        {item.kind !== "material" && (
          <Link href={`/orders/new?source=${encodeURIComponent(item.ref)}`} className={buttonClass("secondary", "sm")}>
            {t("newOrder")}
          </Link>
        )}
        <Link href={studioHref} className={buttonClass("secondary", "sm")}>
          {t("openInStudio")}
        </Link>
        <Menu
          label={t("moreActions", { name: item.name })}
          trigger={<span aria-hidden>⋯</span>}
          items={[
            { label: t("rename"), onSelect: () => onAction({ kind: "rename", item }) },
            { label: t("addToDraft"), onSelect: () => onAction({ kind: "draft", item }) },
            { label: t("delete"), tone: "danger", onSelect: () => onAction({ kind: "delete", item }) },
          ]}
        />
      </div>
    </li>
  );
}

export function FilesManager() {
  const t = useTranslations("files");
  const errorText = useErrorText();
  const [q, setQ] = useState("");
  const [kind, setKind] = useState<LibraryKind | "">("");
  const [source, setSource] = useState<LibrarySourceType | "">("");
  const [action, setAction] = useState<Action>(null);
  const query = useLibrary({ q, kind, source });
  const filtered = !!(q || kind || source);
  return (
    <div className="space-y-4">
      <div className="flex flex-wrap gap-2" role="search">
        <Input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t("search")}
          aria-label={t("search")}
          className="min-w-0 flex-1 basis-60"
        />
        <Select
          value={kind}
          onChange={(e) => setKind(e.target.value as LibraryKind | "")}
          aria-label={t("kind")}
          className="w-auto"
        >
          <option value="">{t("allKinds")}</option>
          {KINDS.map((k) => (
            <option key={k} value={k}>
              {t(`kinds.${k}`)}
            </option>
          ))}
        </Select>
        <Select
          value={source}
          onChange={(e) => setSource(e.target.value as LibrarySourceType | "")}
          aria-label={t("source")}
          className="w-auto"
        >
          <option value="">{t("allSources")}</option>
          {SOURCES.map((s) => (
            <option key={s} value={s}>
              {t(`sources.${s}`)}
            </option>
          ))}
        </Select>
      </div>

      {query.error && <Alert>{errorText(query.error.message)}</Alert>}
      {query.isPending && <p className="text-sm text-zinc-500">{t("loading")}</p>}
      {query.isSuccess && query.items.length === 0 && (
        <p className="rounded-lg border border-dashed border-zinc-300 p-8 text-center text-sm text-zinc-600">
          {filtered ? t("noMatch") : t("empty")}
        </p>
      )}
      <ul className="space-y-2" aria-label={t("listLabel")}>
        {query.items.map((item) => (
          <FileRow key={item.ref} item={item} onAction={setAction} />
        ))}
      </ul>
      {query.hasNextPage && (
        <Button variant="secondary" pending={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
          {t("more")}
        </Button>
      )}

      {action?.kind === "rename" && <RenameDialog item={action.item} onClose={() => setAction(null)} />}
      {action?.kind === "draft" && <AddToDraftDialog item={action.item} onClose={() => setAction(null)} />}
      {action?.kind === "delete" && <DeleteDialog item={action.item} onClose={() => setAction(null)} />}
    </div>
  );
}
