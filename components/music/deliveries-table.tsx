"use client";
// Outgoing callback/webhook deliveries: each attempt with its status, the receiver's HTTP code,
// the error if any, and when the next retry is due.
import { useTranslations } from "next-intl";
import { useFormatDate } from "@/components/format";
import { EmptyRow, TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";
import { DeliveryStatusBadge } from "./labels";
import type { Delivery } from "./rules";

export function DeliveriesTable({ deliveries, empty }: { deliveries: Delivery[]; empty: string }) {
  const t = useTranslations("deliveries");
  const formatDate = useFormatDate();
  return (
    <Table aria-label={t("label")}>
      <THead>
        <tr>
          <Th>{t("time")}</Th>
          <Th>{t("event")}</Th>
          <Th>{t("url")}</Th>
          <Th className="text-right">{t("attempt")}</Th>
          <Th>{t("status")}</Th>
          <Th className="text-right">{t("response")}</Th>
          <Th>{t("nextAttempt")}</Th>
        </tr>
      </THead>
      <TBody>
        {deliveries.length === 0 && <EmptyRow colSpan={7}>{empty}</EmptyRow>}
        {deliveries.map((d) => (
          <Tr key={d.id} data-testid="delivery-row">
            <Td className="whitespace-nowrap">{formatDate(d.createdAt, "short")}</Td>
            <Td className="font-mono text-xs whitespace-nowrap">{d.event}</Td>
            <Td className="max-w-64 truncate font-mono text-xs" title={d.url}>
              {d.url}
            </Td>
            <Td className="text-right tabular-nums">{d.attempt}</Td>
            <Td>
              <DeliveryStatusBadge status={d.status} />
              {d.error && (
                <span className="mt-0.5 block max-w-64 truncate text-xs text-red-700" title={d.error}>
                  {d.error}
                </span>
              )}
            </Td>
            <Td className="text-right tabular-nums" data-testid="delivery-code">
              {d.responseStatus ?? "—"}
            </Td>
            <Td className="whitespace-nowrap">{d.nextAttemptAt ? formatDate(d.nextAttemptAt, "short") : "—"}</Td>
          </Tr>
        ))}
      </TBody>
    </Table>
  );
}
