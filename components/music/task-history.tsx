"use client";
// The team's music tasks, newest first; rows link to the live task page.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import { musicTasksQuery } from "@/components/data/queries";
import { useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { formatDuration } from "@/components/orders/labels";
import { Alert } from "@/components/ui/alert";
import { Section } from "@/components/ui/card";
import { EmptyRow, TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { MusicStatusBadge } from "./labels";
import { formatSeconds } from "./waveform-picker";

export function TaskHistory() {
  const t = useTranslations("music");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const formatDate = useFormatDate();
  const tasks = useQuery(musicTasksQuery());
  return (
    <Section title={t("historyTitle")} description={t("historyDescription")}>
      {tasks.isError && <Alert>{errorText(tasks.error)}</Alert>}
      <Table>
        <THead>
          <tr>
            <Th>{t("title")}</Th>
            <Th>{t("model")}</Th>
            <Th>{t("status")}</Th>
            <Th className="text-right">{t("continueAt")}</Th>
            <Th className="text-right">{t("sourceLength")}</Th>
            <Th className="text-right">{t("cost")}</Th>
            <Th>{t("created")}</Th>
          </tr>
        </THead>
        <TBody>
          {tasks.isPending && <EmptyRow colSpan={7}>{tc("loading")}</EmptyRow>}
          {tasks.data?.tasks.length === 0 && <EmptyRow colSpan={7}>{t("empty")}</EmptyRow>}
          {tasks.data?.tasks.map((task) => (
            <Tr key={task.taskId} data-testid="music-row">
              <Td className="max-w-72 truncate">
                <Link
                  href={`/music/${encodeURIComponent(task.taskId)}`}
                  className="font-medium text-accent-700 hover:underline"
                >
                  {task.title || t("untitled")}
                </Link>
              </Td>
              <Td className="font-mono text-xs">{task.model}</Td>
              <Td>
                <MusicStatusBadge status={task.status} />
              </Td>
              <Td className="text-right tabular-nums">
                {task.continueAt !== null ? formatSeconds(task.continueAt) : "—"}
              </Td>
              <Td className="text-right tabular-nums">{formatDuration(task.durationSec)}</Td>
              <Td className="text-right tabular-nums">{task.cost}</Td>
              <Td className="whitespace-nowrap">{formatDate(task.createdAt, "short")}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </Section>
  );
}
