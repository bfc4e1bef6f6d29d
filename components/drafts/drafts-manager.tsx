"use client";
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { draftsQuery } from "@/components/data/queries";
import { useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { Card, Section } from "@/components/ui/card";
import { EmptyRow, TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { CreateDraftForm } from "./create-draft-form";
import { useFormatTimes } from "./format";

export function DraftsManager() {
  const t = useTranslations("drafts");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const { clock } = useFormatTimes();
  const drafts = useQuery(draftsQuery());

  return (
    <div className="space-y-10">
      <Section title={t("createTitle")} description={t("createDescription")}>
        <Card>
          <CreateDraftForm />
        </Card>
      </Section>

      <Section title={t("listTitle")} description={t("listDescription")}>
        {drafts.isError && <Alert>{errorText(drafts.error.message)}</Alert>}
        <Table>
          <THead>
            <tr>
              <Th>{t("draft")}</Th>
              <Th>{t("canvas")}</Th>
              <Th className="text-right">{t("clips")}</Th>
              <Th className="text-right">{t("duration")}</Th>
              <Th>{t("creator")}</Th>
              <Th>{t("created")}</Th>
              <Th>{t("updated")}</Th>
            </tr>
          </THead>
          <TBody>
            {drafts.isPending && <EmptyRow colSpan={7}>{tc("loading")}</EmptyRow>}
            {drafts.data?.drafts.length === 0 && <EmptyRow colSpan={7}>{t("empty")}</EmptyRow>}
            {drafts.data?.drafts.map((d) => (
              <Tr key={d.id} data-testid="draft-row">
                <Td>
                  <Link href={`/drafts/${d.id}`} className="font-mono text-xs font-medium text-accent-700 hover:underline">
                    {d.id}
                  </Link>
                </Td>
                <Td className="whitespace-nowrap tabular-nums">
                  {d.width}×{d.height}
                </Td>
                <Td className="text-right tabular-nums">{d.clipCount}</Td>
                <Td className="text-right tabular-nums">{clock(d.durationUs)}</Td>
                <Td className="whitespace-nowrap" title={d.creator.email}>
                  {d.creator.name}
                </Td>
                <Td className="whitespace-nowrap">{formatDate(d.createdAt, "short")}</Td>
                <Td className="whitespace-nowrap">{formatDate(d.updatedAt, "short")}</Td>
              </Tr>
            ))}
          </TBody>
        </Table>
      </Section>
    </div>
  );
}
