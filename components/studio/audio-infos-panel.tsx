"use client";
// The audio_infos that POST /v1/add_audios takes for the timeline as it is now, recomputed on every
// edit with the model's toAudioInfos; audio_url values are the server's signed links once the
// project is saved (fetched from /audio-infos), so the copied JSON and curl work as they are.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useMemo, useState } from "react";
import { Button } from "@/components/ui/button";
import { audibleClips, toAudioInfos } from "@/lib/studio/model";
import type { MediaRef } from "@/lib/studio/types";
import { audioInfos } from "./api";
import { useEd, useEditor } from "./editor-context";

export default function AudioInfosPanel({ savedStamp }: { savedStamp: number }) {
  const t = useTranslations("studio");
  const tc = useTranslations("common");
  const { projectId, media, store } = useEditor();
  const timeline = useEd((s) => s.timeline);
  const [copied, setCopied] = useState<string | null>(null);
  const server = useQuery({
    queryKey: ["studio", "projects", projectId, "audio-infos", savedStamp],
    queryFn: async ({ signal }) => {
      const { infos, draftUrl } = await audioInfos(projectId, signal);
      // The answer lists audible clips in the model's order; learn each ref's signed URL from it.
      const clips = audibleClips(store.getState().timeline);
      const urls = new Map<MediaRef, string>();
      infos.forEach((info, i) => clips[i] && urls.set(clips[i].media, info.audio_url));
      return { urls, draftUrl };
    },
    staleTime: 50 * 60_000,
  });
  const json = useMemo(() => {
    const urls = server.data?.urls;
    const infos = toAudioInfos(timeline, (ref) => urls?.get(ref) ?? absolute(media.get(ref)?.url) ?? ref);
    return JSON.stringify(infos, null, 2);
  }, [timeline, server.data, media]);
  const curl = useMemo(() => {
    const body = JSON.stringify({
      draft_url: server.data?.draftUrl ?? "$DRAFT_URL",
      audio_infos: JSON.stringify(JSON.parse(json)),
    });
    return [
      `curl -X POST ${window.location.origin}/v1/add_audios \\`,
      `  -H "Authorization: Bearer $MIXDESK_KEY" \\`,
      `  -H "Content-Type: application/json" \\`,
      `  -d '${body.replace(/'/g, "'\\''")}'`,
    ].join("\n");
  }, [json, server.data]);
  const copy = async (what: string, text: string) => {
    await navigator.clipboard.writeText(text).catch(() => {});
    setCopied(what);
  };
  return (
    <section aria-label={t("audioInfos")} className="space-y-2" data-testid="audio-infos">
      <div className="flex items-center gap-2">
        <h2 className="text-sm font-semibold text-zinc-900">audio_infos</h2>
        <Button size="sm" variant="secondary" onClick={() => copy("json", json)} className="ml-auto">
          {tc("copy")} JSON
        </Button>
        <Button size="sm" variant="secondary" onClick={() => copy("curl", curl)}>
          {tc("copy")} curl
        </Button>
      </div>
      <pre
        className="max-h-64 overflow-auto rounded bg-zinc-900 p-2 font-mono text-[11px] text-zinc-100"
        data-testid="audio-infos-json"
      >
        {json}
      </pre>
      <p role="status" className="min-h-4 text-xs text-zinc-500">
        {copied ? tc("copied") : t("audioInfosHint")}
      </p>
    </section>
  );
}

const absolute = (url: string | undefined) => (url ? new URL(url, window.location.origin).toString() : undefined);
