"use client";
// One file on its way to /api/uploads: real upload progress, and its duration read locally for
// the price estimate while the bytes travel.
import { useCallback, useEffect, useRef, useState } from "react";
import { uploadFile } from "@/components/data/api";
import type { Upload } from "@/components/data/types";
import { readDuration } from "./estimate";

export type UploadState =
  | { status: "idle" }
  | { status: "uploading"; file: File; progress: number; durationSec: number | null }
  | { status: "done"; file: File; upload: Upload; durationSec: number | null }
  | { status: "error"; file: File; message: string; durationSec: number | null };

export function useUpload() {
  const [state, setState] = useState<UploadState>({ status: "idle" });
  const abort = useRef<AbortController | null>(null);

  const reset = useCallback(() => {
    abort.current?.abort();
    abort.current = null;
    setState({ status: "idle" });
  }, []);

  const start = useCallback((file: File) => {
    abort.current?.abort();
    const controller = new AbortController();
    abort.current = controller;
    setState({ status: "uploading", file, progress: 0, durationSec: null });
    const live =
      <T>(fn: (s: UploadState) => T) =>
      (s: UploadState) =>
        controller.signal.aborted ? s : fn(s);

    readDuration(file).then((durationSec) => setState(live((s) => (s.status === "idle" ? s : { ...s, durationSec }))));
    uploadFile<Upload>(
      "/api/uploads",
      file,
      (progress) => setState(live((s) => (s.status === "uploading" ? { ...s, progress } : s))),
      controller.signal,
    )
      .then((upload) =>
        setState(live((s) => (s.status === "idle" ? s : { status: "done", file, upload, durationSec: s.durationSec }))),
      )
      .catch((error: Error) => {
        if (error.name === "AbortError") return;
        setState(
          live((s) =>
            s.status === "idle" ? s : { status: "error", file, message: error.message, durationSec: s.durationSec },
          ),
        );
      });
  }, []);

  useEffect(() => () => abort.current?.abort(), []);
  return { state, start, reset };
}
