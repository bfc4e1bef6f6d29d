"use client";
// The Short video page: paste box → card (cover, title, author, players, downloads, save, separate)
// and the team's past parses. Media go through /api/short-video/<id>/media (session, stored headers).
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState } from "react";
import { shortVideoAnalyzeSchema } from "@/lib/contracts/short-video";
import { shortVideosQuery } from "@/components/data/queries";
import { QueryTable, srOnly, type Column } from "@/components/data/query-table";
import type { ShortVideoParse as Parse } from "@/components/data/types";
import { useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { useSchemaForm } from "@/components/forms/use-schema-form";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, Section } from "@/components/ui/card";
import { ParsePriceLine, SeparatePriceLine } from "@/components/credits/price-line";
import { useAnalyzeLink, useSaveParse, useSeparateParse } from "./use-short-video";

const media = (id: string, kind: string, extra = "") =>
  `/api/short-video/${encodeURIComponent(id)}/media?kind=${kind}${extra}`;

function ParseCard({ parse }: { parse: Parse }) {
  const t = useTranslations("shortVideo");
  const tStudio = useTranslations("studio");
  const errorText = useErrorText();
  const save = useSaveParse(parse.id);
  const separate = useSeparateParse(parse.id);
  const orderNo = separate.data?.orderNo ?? null;
  const saved = save.data?.parse ?? parse;
  const error = save.error ?? separate.error;
  return (
    <Card>
      <div data-testid="short-video-card" className="grid gap-6 md:grid-cols-[12rem_1fr]">
        {parse.hasCover ? (
          // biome-ignore lint/performance/noImgElement: a cover served by our own media route; next/image adds nothing
          <img
            src={media(parse.id, "cover")}
            alt={t("cover")}
            className="w-48 rounded-md border border-zinc-200 object-cover"
          />
        ) : (
          <div className="flex h-32 w-48 items-center justify-center rounded-md bg-zinc-100 text-xs text-zinc-500">
            {t("noCover")}
          </div>
        )}
        <div className="min-w-0 space-y-3">
          <div>
            <p className="text-base font-semibold text-zinc-900" data-testid="short-video-title">
              {parse.title ?? t("untitled")}
            </p>
            <p className="text-sm text-zinc-600">
              {parse.author ?? "—"} · <span className="font-mono text-xs">{parse.platform}</span>
            </p>
          </div>
          {parse.hasVideo && (
            <video
              controls
              preload="metadata"
              src={media(parse.id, "video")}
              className="max-h-80 w-full rounded-md bg-black"
              aria-label={t("video")}
            />
          )}
          {parse.hasMusic && (
            <audio controls preload="none" src={media(parse.id, "music")} className="w-full" aria-label={t("music")} />
          )}
          {parse.images > 0 && <p className="text-sm text-zinc-600">{t("images", { count: parse.images })}</p>}
          <div className="flex flex-wrap gap-2">
            {parse.hasVideo && (
              <a className={buttonClass("secondary", "sm")} href={media(parse.id, "video", "&download=1")}>
                {t("downloadVideo")}
              </a>
            )}
            {parse.hasMusic && (
              <a className={buttonClass("secondary", "sm")} href={media(parse.id, "music", "&download=1")}>
                {t("downloadMusic")}
              </a>
            )}
            {(parse.hasVideo || parse.hasMusic) && (
              <Button
                size="sm"
                variant="secondary"
                pending={save.isPending}
                disabled={!!saved.audioUploadId}
                onClick={() => save.mutate()}
              >
                {saved.audioUploadId ? t("saved") : t("save")}
              </Button>
            )}
            {(parse.hasVideo || parse.hasMusic) && (
              <Button size="sm" pending={separate.isPending} onClick={() => separate.mutate()}>
                {t("separate")}
              </Button>
            )}
          </div>
          {(parse.hasVideo || parse.hasMusic) && <SeparatePriceLine />}
          {saved.audioUploadId && (
            <Link
              href={`/studio/new?add=${encodeURIComponent(`upload:${saved.audioUploadId}`)}`}
              className="inline-block text-sm font-medium text-accent-700 hover:underline"
            >
              {tStudio("openInStudio")} →
            </Link>
          )}
          {saved.audioUploadId && (
            <p className="text-xs text-zinc-500">
              {t("savedAs")} <code className="font-mono">upload:{saved.audioUploadId}</code>
              {saved.videoUploadId && (
                <>
                  {" · "}
                  <code className="font-mono">upload:{saved.videoUploadId}</code>
                </>
              )}
            </p>
          )}
          {orderNo && (
            <Alert tone="success">
              {t("orderCreated")}{" "}
              <Link href={`/orders/${orderNo}`} className="font-medium underline">
                {orderNo}
              </Link>
            </Alert>
          )}
          {error && <Alert>{errorText(error)}</Alert>}
        </div>
      </div>
    </Card>
  );
}

export function ShortVideoManager() {
  const t = useTranslations("shortVideo");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const parses = useQuery(shortVideosQuery());
  const [link, setLink] = useState("");
  const [current, setCurrent] = useState<Parse | null>(null);
  const [reused, setReused] = useState(false);
  const tStems = useTranslations("stems");
  // Every problem with a link is about the one box, so it is shown above the button.
  const form = useSchemaForm({
    schema: shortVideoAnalyzeSchema,
    values: () => ({ link }),
    mutation: useAnalyzeLink(),
    onSuccess: (r) => {
      setCurrent(r.parse);
      setReused(r.reused);
    },
    field: () => null,
  });
  const columns: Column<Parse>[] = [
    {
      id: "title",
      header: t("title"),
      tdProps: (p) => ({ className: "max-w-72 truncate", title: p.link }),
      cell: (p) => p.title ?? t("untitled"),
    },
    { id: "author", header: t("author"), tdProps: { className: "whitespace-nowrap" }, cell: (p) => p.author ?? "—" },
    { id: "platform", header: t("platform"), tdProps: { className: "font-mono text-xs" }, cell: (p) => p.platform },
    {
      id: "cost",
      header: t("cost"),
      thProps: { className: "text-right" },
      tdProps: { className: "text-right tabular-nums" },
      cell: (p) => p.cost,
    },
    {
      id: "created",
      header: t("created"),
      tdProps: { className: "whitespace-nowrap" },
      cell: (p) => formatDate(p.createdAt, "short"),
    },
    {
      id: "open",
      header: srOnly(t("open")),
      cell: (p) => (
        <Button
          size="sm"
          variant="ghost"
          onClick={() => {
            setCurrent(p);
            setReused(false);
          }}
        >
          {t("open")}
        </Button>
      ),
    },
  ];

  return (
    <div className="space-y-10">
      <Section title={t("pasteTitle")} description={t("pasteDescription")}>
        <Card>
          <form
            ref={form.formRef}
            noValidate
            // A new parse replaces the card: one that fails must not leave the last result under its error.
            onSubmit={(e) => {
              setCurrent(null);
              form.onSubmit(e);
            }}
            className="space-y-3"
          >
            <label htmlFor="short-video-link" className="block text-sm font-medium text-zinc-800">
              {t("linkLabel")}
            </label>
            <textarea
              id="short-video-link"
              name="link"
              rows={3}
              value={link}
              onChange={(e) => setLink(e.target.value)}
              placeholder={t("linkPlaceholder")}
              className="block w-full rounded-md border border-zinc-300 px-3 py-2 text-sm shadow-sm focus:border-accent-500 focus:ring-2 focus:ring-accent-200 focus:outline-none"
            />
            {form.formError && <Alert>{errorText(form.formError)}</Alert>}
            <ParsePriceLine />
            <Button type="submit" pending={form.pending} disabled={!link.trim()}>
              {t("analyze")}
            </Button>
          </form>
        </Card>
      </Section>

      {current && reused && (
        <Alert tone="info" className="-mb-6">
          <span data-testid="parse-reused">{tStems("reusedParse")}</span>
        </Alert>
      )}
      {current && <ParseCard key={current.id} parse={current} />}

      <Section title={t("historyTitle")} description={t("historyDescription")}>
        <QueryTable
          query={parses}
          rows={(d) => d.parses}
          rowKey={(p) => p.id}
          rowProps={() => ({ "data-testid": "short-video-row" })}
          columns={columns}
          empty={t("empty")}
        />
      </Section>
    </div>
  );
}
