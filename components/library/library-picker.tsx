"use client";
// Choosing media from the team's library (New order, a draft's "Add audio"): search, a kind filter
// and a list of items with their waveform, name, kind and length. Items are shown by name; their
// refs (`upload:<id>`) never reach the screen.
import { useTranslations } from "next-intl";
import { useId, useState } from "react";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { Input, Select } from "@/components/ui/input";
import { type LibraryItem, type LibraryKind, useLibrary } from "@/components/library/use-library";
import { formatUs, WaveformThumb } from "@/components/library/waveform-thumb";

type LibraryPickerProps = {
  /** The chosen item's ref, or null. */
  value: string | null;
  onChange: (item: LibraryItem) => void;
  /** Kinds offered in the filter (all by default). */
  kinds?: LibraryKind[];
  /** The accessible name of the list. */
  label: string;
};

const ALL_KINDS: LibraryKind[] = ["upload", "stem", "music", "export", "material"];

export function LibraryPicker({ value, onChange, kinds = ALL_KINDS, label }: LibraryPickerProps) {
  const t = useTranslations("files");
  const [q, setQ] = useState("");
  const [kind, setKind] = useState<LibraryKind | "">("");
  const query = useLibrary({ q, kind, limit: 20 });
  const items = query.items.filter((i) => kinds.includes(i.kind));
  const listId = useId();
  return (
    <div className="space-y-2" data-testid="library-picker">
      <div className="flex flex-wrap gap-2">
        <Input
          type="search"
          value={q}
          onChange={(e) => setQ(e.target.value)}
          placeholder={t("search")}
          aria-label={t("search")}
          aria-controls={listId}
          className="h-9 min-w-0 flex-1"
        />
        {kinds.length > 1 && (
          <Select
            value={kind}
            onChange={(e) => setKind(e.target.value as LibraryKind | "")}
            aria-label={t("kind")}
            className="h-9 w-auto"
          >
            <option value="">{t("allKinds")}</option>
            {kinds.map((k) => (
              <option key={k} value={k}>
                {t(`kinds.${k}`)}
              </option>
            ))}
          </Select>
        )}
      </div>
      <ul
        id={listId}
        aria-label={label}
        className="max-h-72 space-y-1 overflow-y-auto rounded-md border border-zinc-200 bg-zinc-50 p-1"
      >
        {query.isPending && <li className="p-3 text-sm text-zinc-500">{t("loading")}</li>}
        {!query.isPending && items.length === 0 && (
          <li className="p-3 text-sm text-zinc-500">{q ? t("noMatch") : t("empty")}</li>
        )}
        {items.map((item) => {
          const chosen = item.ref === value;
          return (
            <li key={item.ref}>
              <button
                type="button"
                aria-pressed={chosen}
                onClick={() => onChange(item)}
                data-testid="picker-item"
                className={cx(
                  "flex w-full items-center gap-2 rounded-md border p-1.5 text-left",
                  chosen
                    ? "border-accent-500 bg-accent-50 ring-1 ring-accent-500"
                    : "border-transparent bg-white hover:border-zinc-300",
                )}
              >
                <WaveformThumb item={item} width={72} />
                <span className="min-w-0 flex-1">
                  <span className="block truncate text-sm font-medium text-zinc-900" title={item.name}>
                    {item.name}
                  </span>
                  <span className="block truncate text-xs text-zinc-600">
                    {t(`kinds.${item.kind}`)} · {formatUs(item.durationUs)} · {item.addedBy.name}
                  </span>
                </span>
                {chosen && (
                  <span aria-hidden className="text-accent-700">
                    ✓
                  </span>
                )}
              </button>
            </li>
          );
        })}
        {query.hasNextPage && (
          <li className="p-1">
            <Button variant="ghost" size="sm" pending={query.isFetchingNextPage} onClick={() => query.fetchNextPage()}>
              {t("more")}
            </Button>
          </li>
        )}
      </ul>
    </div>
  );
}
