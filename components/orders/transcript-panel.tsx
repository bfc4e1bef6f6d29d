"use client";
// The transcript of a finished extract-text order beside its source player: the segment being
// played is highlighted (and kept in view), a click on a line seeks there, corrections are saved
// as a new version, and the latest version can be copied, downloaded or sent to a draft.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useEffect, useMemo, useRef, useState, type RefObject, type SyntheticEvent } from "react";
import { ApiError } from "@/components/data/api";
import type { OrderDetail, TranscriptView } from "@/components/data/types";
import { useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, Section } from "@/components/ui/card";
import { SendToDraft } from "./send-to-draft";
import { transcriptDownloadUrl, transcriptQuery, useSaveTranscript } from "./use-transcript";

type Segment = TranscriptView["segments"][number];

/** m:ss.t — enough to find a line by ear. */
export function clock(sec: number) {
  const m = Math.floor(sec / 60);
  const s = (sec - m * 60).toFixed(1).padStart(4, "0");
  return `${m}:${s}`;
}

/** The segment playing at `t`, or -1 between segments. */
const currentIndex = (segments: Segment[], t: number) => segments.findIndex((s) => t >= s.start && t < s.end);

function Toolbar({ order, view, onEdit }: { order: OrderDetail; view: TranscriptView; onEdit: () => void }) {
  const t = useTranslations("transcript");
  const [copied, setCopied] = useState<"ok" | "failed" | null>(null);
  const [sending, setSending] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(view.segments.map((s) => s.text.replace(/\n/g, " ")).join("\n"));
      setCopied("ok");
    } catch {
      setCopied("failed");
    }
  };
  return (
    <div className="flex flex-wrap items-center gap-2">
      <Button variant="secondary" size="sm" onClick={onEdit}>
        {t("edit")}
      </Button>
      <Button variant="secondary" size="sm" onClick={copy}>
        {t("copy")}
      </Button>
      {(["txt", "srt", "vtt"] as const).map((f) => (
        <a key={f} href={transcriptDownloadUrl(order.orderNo, f)} download className={buttonClass("secondary", "sm")}>
          {t(`download.${f}`)}
        </a>
      ))}
      <Button size="sm" onClick={() => setSending(true)}>
        {t("sendToDraft")}
      </Button>
      {copied && (
        <span role="status" className="text-xs text-zinc-600">
          {copied === "ok" ? t("copied") : t("copyFailed")}
        </span>
      )}
      <SendToDraft order={order} open={sending} onClose={() => setSending(false)} />
    </div>
  );
}

function Editor({ orderNo, view, onDone }: { orderNo: string; view: TranscriptView; onDone: () => void }) {
  const t = useTranslations("transcript");
  const errorText = useErrorText();
  const save = useSaveTranscript(orderNo);
  const [texts, setTexts] = useState(() => view.segments.map((s) => s.text));
  const changed = texts.some((text, i) => text !== view.segments[i].text);
  const submit = () =>
    save.mutate(
      { baseVersion: view.version, segments: view.segments.map((s, i) => ({ ...s, text: texts[i] })) },
      { onSuccess: onDone },
    );
  const conflict = save.error instanceof ApiError && save.error.status === 409;
  return (
    <form
      className="space-y-3"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      <p className="text-xs text-zinc-500">{t("editHint")}</p>
      <ol className="max-h-[32rem] space-y-2 overflow-y-auto pr-1">
        {view.segments.map((s, i) => (
          <li key={s.start} className="flex gap-2">
            <span className="w-14 shrink-0 pt-2 font-mono text-xs text-zinc-500 tabular-nums">{clock(s.start)}</span>
            <textarea
              aria-label={t("lineLabel", { time: clock(s.start) })}
              data-testid="transcript-edit-line"
              value={texts[i]}
              rows={Math.min(4, texts[i].split("\n").length)}
              onChange={(e) => setTexts((all) => all.map((v, j) => (j === i ? e.target.value : v)))}
              className="min-h-9 w-full rounded-md border border-zinc-300 px-2 py-1.5 text-sm focus:border-accent-500 focus:outline-none"
            />
          </li>
        ))}
      </ol>
      {save.error && <Alert>{conflict ? t("conflict") : errorText(save.error)}</Alert>}
      <div className="flex gap-2">
        <Button type="submit" size="sm" pending={save.isPending} disabled={!changed}>
          {t("saveVersion")}
        </Button>
        <Button variant="ghost" size="sm" onClick={onDone}>
          {t("cancel")}
        </Button>
      </div>
    </form>
  );
}

type PlayerProps = {
  view: TranscriptView;
  media: RefObject<HTMLMediaElement | null>;
  onTime: (sec: number) => void;
};

function Player({ view, media, onTime }: PlayerProps) {
  const t = useTranslations("transcript");
  if (!view.media) return <p className="text-sm text-zinc-500">{t("noPlayer")}</p>;
  const props = {
    controls: true,
    preload: "metadata" as const,
    src: view.media.url,
    "aria-label": t("player"),
    "data-testid": "transcript-player",
    className: "w-full rounded-md bg-black",
    onTimeUpdate: (e: SyntheticEvent<HTMLMediaElement>) => onTime(e.currentTarget.currentTime),
    onSeeked: (e: SyntheticEvent<HTMLMediaElement>) => onTime(e.currentTarget.currentTime),
  };
  return view.media.video ? (
    <video ref={media as RefObject<HTMLVideoElement>} {...props} />
  ) : (
    <audio ref={media as RefObject<HTMLAudioElement>} {...props} />
  );
}

export function TranscriptPanel({ order }: { order: OrderDetail }) {
  const t = useTranslations("transcript");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const query = useQuery(transcriptQuery(order.orderNo));
  const media = useRef<HTMLMediaElement>(null);
  const [time, setTime] = useState(0);
  const [editing, setEditing] = useState(false);
  const view = query.data;
  const current = useMemo(() => (view ? currentIndex(view.segments, time) : -1), [view, time]);
  const list = useRef<HTMLOListElement>(null);

  useEffect(() => {
    if (current < 0) return;
    list.current?.querySelector(`[data-index="${current}"]`)?.scrollIntoView({ block: "nearest" });
  }, [current]);

  const seek = (s: Segment) => {
    const el = media.current;
    if (!el) return;
    el.currentTime = s.start;
    setTime(s.start);
  };

  const latest = view?.versions[0];
  return (
    <Section title={t("title")} description={t("description")}>
      {query.isError && <Alert>{errorText(query.error)}</Alert>}
      {query.isPending && <p className="text-sm text-zinc-500">{t("loading")}</p>}
      {view && (
        <div className="grid gap-4 lg:grid-cols-2">
          <div className="space-y-3 lg:sticky lg:top-4 lg:self-start">
            <Player view={view} media={media} onTime={setTime} />
            <dl className="grid grid-cols-2 gap-2 text-xs text-zinc-600">
              <div>
                <dt className="font-medium text-zinc-500">{t("version")}</dt>
                <dd data-testid="transcript-version">
                  {t("versionValue", { version: view.version })}
                  {latest?.by ? ` · ${t("editedBy", { name: latest.by, date: formatDate(latest.createdAt) })}` : ""}
                </dd>
              </div>
              <div>
                <dt className="font-medium text-zinc-500">{t("engine")}</dt>
                <dd>
                  {view.engine}
                  {view.language ? ` · ${view.language}` : ""}
                </dd>
              </div>
            </dl>
            {order.stuffs.length > 0 && (
              <p className="text-xs text-zinc-500">
                {t("originalFiles")}{" "}
                {order.stuffs.map((s, i) => (
                  <span key={s.name}>
                    {i > 0 && ", "}
                    <a href={`${s.url}&download=1`} download={s.name} className="text-accent-600 hover:underline">
                      {s.name}
                    </a>
                  </span>
                ))}
              </p>
            )}
          </div>
          <Card className="space-y-3">
            {editing ? (
              <Editor orderNo={order.orderNo} view={view} onDone={() => setEditing(false)} />
            ) : (
              <>
                <Toolbar order={order} view={view} onEdit={() => setEditing(true)} />
                {view.segments.length === 0 ? (
                  <p className="text-sm text-zinc-500">{t("empty")}</p>
                ) : (
                  <ol ref={list} className="max-h-[32rem] space-y-1 overflow-y-auto pr-1" aria-label={t("lines")}>
                    {view.segments.map((s, i) => (
                      <li key={s.start} data-index={i}>
                        <button
                          type="button"
                          data-testid="transcript-line"
                          aria-current={i === current ? "true" : undefined}
                          onClick={() => seek(s)}
                          disabled={!view.media}
                          className={`flex w-full gap-3 rounded-md px-2 py-1.5 text-left text-sm transition-colors disabled:cursor-default ${
                            i === current ? "bg-accent-50 text-accent-700 ring-1 ring-accent-200" : "hover:bg-zinc-50"
                          }`}
                        >
                          <span className="w-14 shrink-0 font-mono text-xs text-zinc-500 tabular-nums">
                            {clock(s.start)}
                          </span>
                          <span className="whitespace-pre-line">{s.text}</span>
                        </button>
                      </li>
                    ))}
                  </ol>
                )}
              </>
            )}
          </Card>
        </div>
      )}
    </Section>
  );
}
