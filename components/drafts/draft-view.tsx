"use client";
// One draft: its draft_url for scripts, the JianYing download, and its audio as a read-only timeline.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { draftQuery } from "@/components/data/queries";
import type { DraftDetail } from "@/components/data/types";
import { useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { Card, Section } from "@/components/ui/card";
import { AddLibraryAudio } from "./add-library-audio";
import { CopyField } from "./copy-field";
import { DraftTimeline } from "./draft-timeline";
import { useFormatTimes } from "./format";

/** The signed link's path: the browser downloads from the origin it is on, whatever PUBLIC_BASE_URL says. */
const sameOrigin = (url: string) => {
  const u = new URL(url);
  return `${u.pathname}${u.search}`;
};

function addAudiosExample(draft: DraftDetail) {
  const origin = new URL(draft.draftUrl).origin;
  const infos = JSON.stringify([
    {
      audio_url: "https://example.com/music.mp3",
      start: 0,
      end: 5_000_000,
      duration: 5_000_000,
      volume: 0.8,
      fade_in: 500_000,
      fade_out: 1_000_000,
    },
  ]);
  const body = JSON.stringify({ draft_url: draft.draftUrl, audio_infos: infos });
  return [
    `curl -X POST ${origin}/v1/add_audios \\`,
    `  -H "Authorization: Bearer $MIXDESK_KEY" \\`,
    `  -H "Content-Type: application/json" \\`,
    `  -d '${body}'`,
  ].join("\n");
}

export function DraftView({ id }: { id: string }) {
  const t = useTranslations("drafts");
  const tFiles = useTranslations("files.drafts");
  const tc = useTranslations("common");
  const tStudio = useTranslations("studio");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const { seconds } = useFormatTimes();
  const draft = useQuery(draftQuery(id));

  if (draft.isPending) return <p className="text-sm text-zinc-500">{tc("loading")}</p>;
  if (draft.isError) {
    const missing = (draft.error as { status?: number }).status === 404;
    return (
      <div className="space-y-4">
        <Alert>{missing ? t("notFound") : errorText(draft.error)}</Alert>
        <Link href="/drafts" className={buttonClass("secondary")}>
          {t("back")}
        </Link>
      </div>
    );
  }

  const d = draft.data;
  const empty = d.clipCount === 0 && d.captionCount === 0;
  return (
    <div className="space-y-10">
      <header className="space-y-4">
        <Link href="/drafts" className="text-sm text-accent-700 hover:underline">
          ← {t("back")}
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-4">
          <div className="min-w-0">
            <h1 className="text-2xl font-semibold tracking-tight break-words text-zinc-900" data-testid="draft-name">
              {d.name === d.id ? t("draftTitle") : d.name}
            </h1>
            <p className="mt-1 font-mono text-xs break-all text-zinc-600" data-testid="draft-id">
              {d.id}
            </p>
          </div>
          <div className="flex flex-wrap gap-2">
            <Link href={`/studio/new?draft=${encodeURIComponent(d.id)}`} className={buttonClass("secondary")}>
              {tStudio("editInStudio")}
            </Link>
            <a href={sameOrigin(d.zipUrl)} download={`${d.id}.zip`} className={buttonClass("primary")}>
              {t("download")}
            </a>
          </div>
        </div>
        <dl className="grid grid-cols-2 gap-4 sm:grid-cols-4">
          <Fact label={t("canvas")} value={`${d.width}×${d.height}`} testId="draft-canvas" />
          <Fact label={t("duration")} value={t("seconds", { value: seconds(d.durationUs) })} testId="draft-duration" />
          <Fact
            label={t("tracksAndClips")}
            value={
              d.captionTrackCount
                ? t("tracksClipsCaptions", {
                    tracks: d.trackCount,
                    clips: d.clipCount,
                    captionTracks: d.captionTrackCount,
                    captions: d.captionCount,
                  })
                : t("tracksClips", { tracks: d.trackCount, clips: d.clipCount })
            }
            testId="draft-counts"
          />
          <Fact label={t("created")} value={`${formatDate(d.createdAt)} · ${d.creator.name}`} />
        </dl>
      </header>

      <Section title={t("useTitle")}>
        <Card className="space-y-4">
          <CopyField id="draft-url" label={t("draftUrl")} value={d.draftUrl} />
          <p className="text-sm text-zinc-600">{t("draftUrlHint")}</p>
          <ol className="list-decimal space-y-1 pl-5 text-sm text-zinc-700">
            <li>{t("step1")}</li>
            <li>{t("step2")}</li>
            <li>{t("step3")}</li>
          </ol>
          <p className="text-xs text-zinc-500">{t("linkExpires")}</p>
        </Card>
      </Section>

      <Section title={tFiles("addAudio")} description={tFiles("addAudioHint")}>
        <AddLibraryAudio draftId={d.id} />
      </Section>

      <Section title={t("timelineTitle")} description={t("timelineDescription")}>
        {empty ? (
          <Card className="space-y-3">
            <p className="text-sm font-medium text-zinc-900">{t("emptyTimeline")}</p>
            <p className="text-sm text-zinc-600">{t("emptyTimelineHint")}</p>
            <pre
              className="overflow-x-auto rounded-md bg-zinc-900 p-4 font-mono text-xs leading-relaxed text-zinc-100"
              data-testid="curl-example"
            >
              {addAudiosExample(d)}
            </pre>
          </Card>
        ) : (
          <DraftTimeline draft={d} />
        )}
      </Section>
    </div>
  );
}

function Fact({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="rounded-lg border border-zinc-200 bg-white px-4 py-3 shadow-sm">
      <dt className="text-xs font-medium text-zinc-500">{label}</dt>
      <dd className="mt-1 text-sm font-semibold text-zinc-900 tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}
