"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { draftsQuery } from "@/components/data/queries";
import { QueryTable, type Column } from "@/components/data/query-table";
import type { DraftSummary } from "@/components/data/types";
import { useFormatDate } from "@/components/format";
import { Card, Section } from "@/components/ui/card";
import { CreateDraftForm } from "./create-draft-form";
import { useFormatTimes } from "./format";

export function DraftsManager() {
  const t = useTranslations("drafts");
  const formatDate = useFormatDate();
  const { clock } = useFormatTimes();
  const drafts = useQuery(draftsQuery());
  const nowrap = { className: "whitespace-nowrap" };
  const right = { className: "text-right tabular-nums" };
  const columns: Column<DraftSummary>[] = [
    {
      id: "draft",
      header: t("draft"),
      cell: (d) => (
        <Link
          href={`/drafts/${d.id}`}
          className={
            d.name === d.id
              ? "font-mono text-xs font-medium text-accent-700 hover:underline"
              : "text-sm font-medium text-accent-700 hover:underline"
          }
        >
          {d.name}
        </Link>
      ),
    },
    {
      id: "canvas",
      header: t("canvas"),
      tdProps: { className: "whitespace-nowrap tabular-nums" },
      cell: (d) => `${d.width}×${d.height}`,
    },
    { id: "clips", header: t("clips"), thProps: { className: "text-right" }, tdProps: right, cell: (d) => d.clipCount },
    {
      id: "captions",
      header: t("captions"),
      thProps: { className: "text-right" },
      tdProps: right,
      cell: (d) => d.captionCount,
    },
    {
      id: "duration",
      header: t("duration"),
      thProps: { className: "text-right" },
      tdProps: right,
      cell: (d) => clock(d.durationUs),
    },
    {
      id: "creator",
      header: t("creator"),
      tdProps: (d) => ({ ...nowrap, title: d.creator.email }),
      cell: (d) => d.creator.name,
    },
    { id: "created", header: t("created"), tdProps: nowrap, cell: (d) => formatDate(d.createdAt, "short") },
    { id: "updated", header: t("updated"), tdProps: nowrap, cell: (d) => formatDate(d.updatedAt, "short") },
  ];

  return (
    <div className="space-y-10">
      <Section title={t("createTitle")} description={t("createDescription")}>
        <Card>
          <CreateDraftForm />
        </Card>
      </Section>

      <Section title={t("listTitle")} description={t("listDescription")}>
        <QueryTable
          query={drafts}
          rows={(d) => d.drafts}
          rowKey={(d) => d.id}
          rowProps={() => ({ "data-testid": "draft-row" })}
          columns={columns}
          empty={t("empty")}
        />
      </Section>
    </div>
  );
}
