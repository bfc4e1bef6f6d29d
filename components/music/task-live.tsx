"use client";
// One music task as it happens: polls until SUCCESS or a failure, shows the stage on a progress
// bar, makes each result playable from FIRST_SUCCESS (stream URL) and downloadable at SUCCESS,
// and lists the callback deliveries.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import type { ReactNode } from "react";
import { ApiError } from "@/components/data/api";
import { musicTaskQuery } from "@/components/data/queries";
import { useFormatCredits, useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { formatDuration, useStageText } from "@/components/orders/labels";
import { ProgressBar } from "@/components/orders/progress-bar";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { Card, Section } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { DeliveriesTable } from "./deliveries-table";
import { MusicStatusBadge, STAGES, stageFraction } from "./labels";
import type { MusicStatus } from "@/lib/contracts/music";
import { isFailedStatus, isLiveStatus, type MusicResult, type MusicTaskDetail } from "./rules";
import { formatSeconds } from "./waveform-picker";

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-zinc-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-zinc-900">{children}</dd>
    </div>
  );
}

function Stages({ task }: { task: MusicTaskDetail }) {
  const t = useTranslations("music.statuses");
  const reached = STAGES.findIndex(([s]) => s === task.status);
  return (
    <ol className="flex flex-wrap gap-x-6 gap-y-1 text-xs" aria-label={t("label")}>
      {STAGES.map(([stage], i) => (
        <li
          key={stage}
          aria-current={i === reached ? "step" : undefined}
          className={cx(i <= reached ? "font-medium text-accent-700" : "text-zinc-500")}
        >
          <span aria-hidden>{i < reached || task.status === "SUCCESS" ? "✓ " : i === reached ? "● " : "○ "}</span>
          {t(stage)}
        </li>
      ))}
    </ol>
  );
}

function ResultCard({ result, index, done }: { result: MusicResult; index: number; done: boolean }) {
  const t = useTranslations("music");
  const name = result.title || t("resultN", { n: index + 1 });
  const src = (done && result.audioUrl) || result.streamAudioUrl || result.audioUrl;
  const download = done ? result.downloadUrl || result.audioUrl : null;
  return (
    <Card>
      <div data-testid="music-result" data-result={index} className="space-y-3">
        <div className="flex items-start gap-4">
          {result.imageUrl ? (
            // biome-ignore lint/performance/noImgElement: a small cover behind our own signed URL; the image optimiser would only proxy it
            <img
              src={result.imageUrl}
              alt={t("coverOf", { name })}
              className="size-16 shrink-0 rounded-md border border-zinc-200 object-cover sm:size-20"
            />
          ) : (
            <div aria-hidden className="size-16 shrink-0 rounded-md bg-zinc-100 sm:size-20" />
          )}
          <div className="flex min-w-0 flex-1 flex-wrap items-start justify-between gap-3">
            <div className="min-w-0">
              <h3 className="truncate text-sm font-semibold text-zinc-900">{name}</h3>
              <p className="text-xs text-zinc-500">
                {/* Both versions usually share the title; the number tells them apart. */}
                {t("resultN", { n: index + 1 })} ·{" "}
                {result.duration ? formatDuration(result.duration) : done ? "—" : t("streaming")}
              </p>
            </div>
            {download ? (
              <a href={download} download className={buttonClass("secondary", "sm")}>
                {t("download")}
                <span className="sr-only"> {name}</span>
              </a>
            ) : (
              <span className="text-xs text-zinc-500">{t("downloadSoon")}</span>
            )}
          </div>
        </div>
        {/* Below the cover, full width: the player's controls need the room on a phone. */}
        {src && <audio controls preload="metadata" src={src} className="w-full min-w-0" aria-label={name} />}
      </div>
    </Card>
  );
}

export function TaskLive({ taskId }: { taskId: string }) {
  const t = useTranslations("music");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const formatCredits = useFormatCredits();
  const stageText = useStageText();
  const query = useQuery(musicTaskQuery(taskId));

  if (query.isError && query.error instanceof ApiError && query.error.status === 404) {
    return (
      <div className="py-16 text-center" data-testid="music-not-found">
        <h1 className="text-2xl font-semibold tracking-tight">{t("notFoundTitle")}</h1>
        <p className="mt-2 text-sm text-zinc-600">{t("notFoundDescription", { taskId })}</p>
        <Link href="/music" className={buttonClass("secondary", "md", "mt-6")}>
          {t("back")}
        </Link>
      </div>
    );
  }

  const task = query.data?.task;
  const live = isLiveStatus(task?.status);
  const fraction = task ? stageFraction(task.status, task.progress) : 0;
  const percent = Math.round(fraction * 100);
  const playable =
    task && (task.status === "FIRST_SUCCESS" || task.status === "SUCCESS")
      ? task.results.filter((r) => r.streamAudioUrl || r.audioUrl)
      : [];

  return (
    <div className="space-y-8">
      <header>
        <p className="text-sm">
          <Link href="/music" className="font-medium text-accent-600 hover:underline">
            ← {t("back")}
          </Link>
        </p>
        <div className="mt-2 flex flex-wrap items-center gap-3">
          <h1 className="text-2xl font-semibold tracking-tight text-zinc-900">{task?.title || t("untitled")}</h1>
          {task && <MusicStatusBadge status={task.status} />}
        </div>
        <p className="mt-1 font-mono text-xs break-all text-zinc-500">{taskId}</p>
      </header>

      {query.isError && <Alert>{errorText(query.error)}</Alert>}
      {query.isPending && <p className="text-sm text-zinc-500">{tc("loading")}</p>}

      {task && !isFailedStatus(task.status) && (
        <Card className="space-y-3">
          <div className="flex items-baseline justify-between gap-3 text-sm">
            <span className="font-medium text-zinc-800" data-testid="music-stage">
              {t(`stageText.${task.status as "PENDING"}`)}
              {/* The engine's own step (decoding, variant 1 of 2…) while it works. */}
              {live && task.stage && (
                <span className="ml-2 text-xs font-normal text-zinc-500">{stageText(task.stage)}</span>
              )}
            </span>
            <span className="text-zinc-600 tabular-nums">{percent}%</span>
          </div>
          <ProgressBar
            fraction={fraction}
            label={t("progress")}
            valueText={`${t(`statuses.${task.status as MusicStatus}`)} — ${percent}%`}
          />
          <Stages task={task} />
          {live && <p className="text-xs text-zinc-500">{t("liveHint")}</p>}
        </Card>
      )}

      {task && isFailedStatus(task.status) && (
        <Alert>
          <p className="font-medium">{t(`statuses.${task.status as MusicStatus}`)}</p>
          <p className="mt-0.5" data-testid="music-error">
            {task.errorMessage ? errorText(task.errorMessage) : t("noReason")}
            {task.errorCode !== null && <span className="ml-1 font-mono text-xs">({task.errorCode})</span>}
          </p>
          <p className="mt-1 text-xs">{t("notCharged")}</p>
        </Alert>
      )}

      {task?.expired && <Alert tone="info">{errorText(task.errorMessage ?? undefined)}</Alert>}

      {playable.length > 0 && (
        <Section
          title={t("results")}
          description={task?.status === "SUCCESS" ? t("resultsHint") : t("resultsStreamingHint")}
        >
          <ul className="grid gap-4 md:grid-cols-2">
            {playable.map((r, i) => (
              <li key={r.id} className="min-w-0">
                <ResultCard result={r} index={i} done={task?.status === "SUCCESS"} />
              </li>
            ))}
          </ul>
        </Section>
      )}

      {task && (
        <Section title={t("details")}>
          <Card>
            <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2 lg:grid-cols-4">
              <Detail label={t("model")}>
                {t.has(`models.${task.model as "V5"}`) ? t(`models.${task.model as "V5"}`) : task.model}
              </Detail>
              <Detail label={t("continueAt")}>
                {task.continueAt !== null
                  ? `${formatSeconds(task.continueAt)} / ${formatDuration(task.durationSec)}`
                  : t("fromTheEnd")}
              </Detail>
              <Detail label={t("cost")}>
                <span data-testid="music-cost" data-value={task.cost} className="tabular-nums">
                  {task.status === "SUCCESS" || task.cost > 0
                    ? t("credits", { count: task.cost, formatted: formatCredits(task.cost) })
                    : t("heldPrice", { formatted: formatCredits(task.price) })}
                </span>
              </Detail>
              <Detail label={t("created")}>{formatDate(task.createdAt)}</Detail>
            </dl>
          </Card>
        </Section>
      )}

      {task && (
        <Section title={t("deliveriesTitle")} description={t("deliveriesDescription")}>
          <DeliveriesTable deliveries={task.deliveries} empty={t("noDeliveries")} />
        </Section>
      )}
    </div>
  );
}
