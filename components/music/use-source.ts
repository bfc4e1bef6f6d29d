"use client";
// The audio to extend: a file uploaded through /api/uploads (the New order upload hook), or a link
// the server fetches into an upload (/api/uploads/from-url). Either way the result is one upload.
import { useMutation } from "@tanstack/react-query";
import { useState } from "react";
import { UPLOAD_PREFIX } from "@/lib/contracts/orders";
import { sendJson } from "@/components/data/api";
import type { SourceMode } from "@/components/orders/source-picker";
import { useUpload } from "@/components/orders/use-upload";
import type { FromUrlUpload } from "./rules";

export type MusicSource = { id: string; name: string; uploadUrl: string };

export function useMusicSource() {
  const upload = useUpload();
  const [mode, setMode] = useState<SourceMode>("upload");
  const [url, setUrlState] = useState("");
  const fromUrl = useMutation({
    mutationFn: (link: string) => sendJson<FromUrlUpload>("POST", "/api/uploads/from-url", { url: link }),
  });

  const toSource = (id: string, name: string, pathKey: string | undefined): MusicSource => ({
    id,
    name,
    uploadUrl: pathKey?.startsWith(UPLOAD_PREFIX) ? pathKey : `${UPLOAD_PREFIX}${id}`,
  });

  let source: MusicSource | null = null;
  if (mode === "upload" && upload.state.status === "done")
    source = toSource(upload.state.upload.id, upload.state.file.name, upload.state.upload.pathKey);
  if (mode === "url" && fromUrl.data) source = toSource(fromUrl.data.id, fromUrl.data.name, fromUrl.data.pathKey);

  return {
    mode,
    setMode,
    url,
    setUrl: (value: string) => {
      setUrlState(value);
      // A new link needs a new fetch; the old result must not be submitted by mistake.
      if (fromUrl.data || fromUrl.error) fromUrl.reset();
    },
    upload,
    fromUrl,
    source,
    busy: (mode === "upload" && upload.state.status === "uploading") || (mode === "url" && fromUrl.isPending),
  };
}
