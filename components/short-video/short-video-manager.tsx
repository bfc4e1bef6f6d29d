"use client";
// The Short video page: paste box → card (cover, title, author, players, downloads, save, separate)
// and the team's past parses. Media go through /api/short-video/<id>/media (session, stored headers).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { useState, type FormEvent } from "react";
import { sendJson } from "@/components/data/api";
import { queryKeys, shortVideosQuery } from "@/components/data/queries";
import { useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { Button, buttonClass } from "@/components/ui/button";
import { Card, Section } from "@/components/ui/card";
import { EmptyRow, TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import type { ShortVideoParseView as Parse } from "@/lib/short-video/browser";

const media = (id: string, kind: string, extra = "") => `/api/short-video/${encodeURIComponent(id)}/media?kind=${kind}${extra}`;

function ParseCard({ parse }: { parse: Parse }) {
  const t = useTranslations("shortVideo");
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [orderNo, setOrderNo] = useState<string | null>(null);
  const save = useMutation({
    mutationFn: () => sendJson<{ parse: Parse }>("POST", `/api/short-video/${parse.id}/save`),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.shortVideos() }),
  });
  const separate = useMutation({
    mutationFn: () => sendJson<{ orderNo: string }>("POST", `/api/short-video/${parse.id}/separate`),
    onSuccess: (o) => {
      setOrderNo(o.orderNo);
      void queryClient.invalidateQueries({ queryKey: queryKeys.shortVideos() });
    },
  });
  const saved = save.data?.parse ?? parse;
  const error = save.error ?? separate.error;
  return (
    <Card>
      <div data-testid="short-video-card" className="grid gap-6 md:grid-cols-[12rem_1fr]">
        {parse.hasCover ? (
          // biome-ignore lint/performance/noImgElement: a cover served by our own media route; next/image adds nothing
          <img src={media(parse.id, "cover")} alt={t("cover")} className="w-48 rounded-md border border-zinc-200 object-cover" />
        ) : (
          <div className="flex h-32 w-48 items-center justify-center rounded-md bg-zinc-100 text-xs text-zinc-500">{t("noCover")}</div>
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
            <video controls preload="metadata" src={media(parse.id, "video")} className="max-h-80 w-full rounded-md bg-black" aria-label={t("video")} />
          )}
          {parse.hasMusic && <audio controls preload="none" src={media(parse.id, "music")} className="w-full" aria-label={t("music")} />}
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
              <Button size="sm" variant="secondary" pending={save.isPending} disabled={!!saved.audioUploadId} onClick={() => save.mutate()}>
                {saved.audioUploadId ? t("saved") : t("save")}
              </Button>
            )}
            {(parse.hasVideo || parse.hasMusic) && (
              <Button size="sm" pending={separate.isPending} onClick={() => separate.mutate()}>
                {t("separate")}
              </Button>
            )}
          </div>
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
          {error && <Alert>{errorText(error.message)}</Alert>}
        </div>
      </div>
    </Card>
  );
}

export function ShortVideoManager() {
  const t = useTranslations("shortVideo");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const queryClient = useQueryClient();
  const parses = useQuery(shortVideosQuery());
  const [link, setLink] = useState("");
  const [current, setCurrent] = useState<Parse | null>(null);
  const analyze = useMutation({
    mutationFn: (l: string) => sendJson<{ parse: Parse }>("POST", "/api/short-video", { link: l }),
    onSuccess: (r) => {
      setCurrent(r.parse);
      void queryClient.invalidateQueries({ queryKey: queryKeys.shortVideos() });
      void queryClient.invalidateQueries({ queryKey: queryKeys.me() });
    },
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (!link.trim()) return;
    analyze.mutate(link);
  }

  return (
    <div className="space-y-10">
      <Section title={t("pasteTitle")} description={t("pasteDescription")}>
        <Card>
          <form noValidate onSubmit={onSubmit} className="space-y-3">
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
            {analyze.error && <Alert>{errorText(analyze.error.message)}</Alert>}
            <Button type="submit" pending={analyze.isPending} disabled={!link.trim()}>
              {t("analyze")}
            </Button>
          </form>
        </Card>
      </Section>

      {current && <ParseCard key={current.id} parse={current} />}

      <Section title={t("historyTitle")} description={t("historyDescription")}>
        {parses.isError && <Alert>{errorText(parses.error.message)}</Alert>}
        <Table>
          <THead>
            <tr>
              <Th>{t("title")}</Th>
              <Th>{t("author")}</Th>
              <Th>{t("platform")}</Th>
              <Th className="text-right">{t("cost")}</Th>
              <Th>{t("created")}</Th>
              <Th>
                <span className="sr-only">{t("open")}</span>
              </Th>
            </tr>
          </THead>
          <TBody>
            {parses.isPending && <EmptyRow colSpan={6}>{tc("loading")}</EmptyRow>}
            {parses.data?.parses.length === 0 && <EmptyRow colSpan={6}>{t("empty")}</EmptyRow>}
            {parses.data?.parses.map((p) => (
              <Tr key={p.id} data-testid="short-video-row">
                <Td className="max-w-72 truncate" title={p.link}>
                  {p.title ?? t("untitled")}
                </Td>
                <Td className="whitespace-nowrap">{p.author ?? "—"}</Td>
                <Td className="font-mono text-xs">{p.platform}</Td>
                <Td className="text-right tabular-nums">{p.cost}</Td>
                <Td className="whitespace-nowrap">{formatDate(p.createdAt, "short")}</Td>
                <Td>
                  <Button size="sm" variant="ghost" onClick={() => setCurrent(p)}>
                    {t("open")}
                  </Button>
                </Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Section>
    </div>
  );
}
