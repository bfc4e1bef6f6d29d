"use client";
// Where the audio comes from: a file dropped or picked (uploaded straight away), an item of the
// team's library (shown by name, never by its `upload:<id>`), or a link.
import { useTranslations } from "next-intl";
import { type DragEvent, lazy, type ReactNode, Suspense, useId, useRef, useState } from "react";
import type { LibraryItem } from "@/components/library/use-library";
import { useErrorText } from "@/components/forms/use-error-text";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { TextField } from "@/components/ui/field";
import { formatDuration } from "./duration";
import { ProgressBar } from "./progress-bar";
import type { UploadState } from "./use-upload";

// The library's list (an infinite react-query query, waveform thumbnails) loads when "From library"
// is chosen, with the query provider it needs, so New order's first load has neither. React.lazy
// rather than next/dynamic, whose loader would itself weigh 2 kB on the first load.
const LibraryPicker = lazy(() => import("@/components/library/library-picker-with-queries"));

export type SourceMode = "upload" | "library" | "url";

type SourcePickerProps = {
  mode: SourceMode;
  onMode: (mode: SourceMode) => void;
  url: string;
  onUrl: (url: string) => void;
  upload: UploadState;
  onFile: (file: File) => void;
  onRemove: () => void;
  /** The library item chosen (its ref), and the choice. */
  libraryRef?: string | null;
  /** Without it, the library is not offered. */
  onLibrary?: (item: LibraryItem) => void;
  error?: string;
  /** Shown under the link field (New order's pointer to the Short video page). */
  linkNote?: ReactNode;
};

const formatBytes = (n: number) =>
  n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(n / 1024))} KB`;

export function SourcePicker({
  mode,
  onMode,
  url,
  onUrl,
  upload,
  onFile,
  onRemove,
  libraryRef,
  onLibrary,
  error,
  linkNote,
}: SourcePickerProps) {
  const t = useTranslations("newOrder");
  const tf = useTranslations("files.order");
  const errorText = useErrorText();
  const input = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const errorId = useId();

  function onDrop(e: DragEvent<HTMLDivElement>) {
    e.preventDefault();
    setDragging(false);
    const file = e.dataTransfer.files[0];
    if (file) onFile(file);
  }

  return (
    <fieldset className="space-y-4">
      <legend className="text-sm font-medium text-zinc-800">{t("source")}</legend>
      <div className="inline-flex flex-wrap rounded-md border border-zinc-300 bg-white p-0.5">
        {(onLibrary ? (["upload", "library", "url"] as const) : (["upload", "url"] as const)).map((m) => (
          <label
            key={m}
            className={cx(
              "cursor-pointer rounded px-3 py-1.5 text-sm font-medium transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent-500",
              mode === m ? "bg-zinc-900 text-white" : "text-zinc-600 hover:bg-zinc-100",
            )}
          >
            <input
              type="radio"
              name="source"
              value={m}
              checked={mode === m}
              onChange={() => onMode(m)}
              className="sr-only"
            />
            {m === "upload" ? t("uploadFile") : m === "library" ? tf("fromLibrary") : t("pasteLink")}
          </label>
        ))}
      </div>

      {mode === "url" ? (
        <div>
          <TextField
            label={t("link")}
            name="url"
            type="url"
            inputMode="url"
            placeholder="https://example.com/song.mp3"
            value={url}
            onChange={(e) => onUrl(e.target.value)}
            hint={t("linkHint")}
            error={errorText(error)}
          />
          {linkNote}
        </div>
      ) : mode === "library" && onLibrary ? (
        <div>
          <Suspense fallback={<div className="h-40" aria-busy="true" />}>
            <LibraryPicker value={libraryRef ?? null} onChange={onLibrary} label={tf("fromLibrary")} />
          </Suspense>
          {error && (
            <p className="mt-1.5 text-sm text-red-700" role="alert">
              {errorText(error)}
            </p>
          )}
        </div>
      ) : upload.status === "idle" ? (
        <div>
          <div
            onDragOver={(e) => {
              e.preventDefault();
              setDragging(true);
            }}
            onDragLeave={() => setDragging(false)}
            onDrop={onDrop}
            data-testid="dropzone"
            className={cx(
              "flex flex-col items-center justify-center gap-3 rounded-lg border-2 border-dashed px-6 py-10 text-center transition-colors",
              dragging
                ? "border-accent-500 bg-accent-50"
                : error
                  ? "border-red-300 bg-red-50/40"
                  : "border-zinc-300 bg-zinc-50",
            )}
          >
            <svg
              aria-hidden
              viewBox="0 0 24 24"
              className="size-8 text-zinc-400"
              fill="none"
              stroke="currentColor"
              strokeWidth={1.5}
            >
              <path
                strokeLinecap="round"
                strokeLinejoin="round"
                d="M12 16V4m0 0l-4 4m4-4l4 4M4 16v2a2 2 0 002 2h12a2 2 0 002-2v-2"
              />
            </svg>
            <p className="text-sm text-zinc-700">{t("dropHere")}</p>
            <Button
              variant="secondary"
              size="sm"
              onClick={() => input.current?.click()}
              aria-describedby={error ? errorId : undefined}
            >
              {t("chooseFile")}
            </Button>
            <p className="text-xs text-zinc-500">{t("fileHint")}</p>
            <input
              ref={input}
              type="file"
              accept="audio/*,video/*"
              aria-label={t("chooseFile")}
              className="sr-only"
              tabIndex={-1}
              onChange={(e) => {
                const file = e.target.files?.[0];
                e.target.value = "";
                if (file) onFile(file);
              }}
            />
          </div>
          {error && (
            <p id={errorId} className="mt-1.5 text-sm text-red-700">
              {errorText(error)}
            </p>
          )}
        </div>
      ) : (
        <div className="rounded-lg border border-zinc-200 bg-white p-4" data-testid="upload-card">
          <div className="flex items-start justify-between gap-3">
            <div className="min-w-0">
              <p className="truncate text-sm font-medium text-zinc-900" title={upload.file.name}>
                {upload.file.name}
              </p>
              <p className="mt-0.5 text-xs text-zinc-500">
                {formatBytes(upload.file.size)}
                {upload.durationSec !== null && ` · ${formatDuration(upload.durationSec)}`}
              </p>
            </div>
            <Button variant="ghost" size="sm" onClick={onRemove}>
              {upload.status === "uploading" ? t("cancelUpload") : t("removeFile")}
            </Button>
          </div>
          {upload.status === "uploading" && (
            <div className="mt-3 space-y-1.5">
              <ProgressBar fraction={upload.progress} label={t("uploadProgress")} />
              <p className="text-xs text-zinc-600 tabular-nums" aria-live="polite">
                {t("uploading", { percent: Math.round(upload.progress * 100) })}
              </p>
            </div>
          )}
          {upload.status === "done" && (
            <p className="mt-3 flex items-center gap-1.5 text-sm text-emerald-700" role="status">
              <span aria-hidden>✓</span>
              {t("uploaded")}
            </p>
          )}
          {upload.status === "error" && (
            <p className="mt-3 text-sm text-red-700" role="alert">
              {errorText(upload.message)}
            </p>
          )}
        </div>
      )}
    </fieldset>
  );
}
