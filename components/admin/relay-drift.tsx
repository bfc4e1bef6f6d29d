"use client";
// What reconciliation found: tasks whose upstream state and ours disagree. "repaired" rows say what
// was done; "reported" rows need a person (e.g. an upstream charge for an order we released).
import { useTranslations } from "next-intl";
import type { ReactNode } from "react";
import { useFormatDate } from "@/components/format";
import { Badge } from "@/components/ui/badge";
import { EmptyRow, Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { RelaysView } from "@/lib/contracts/relays";

const KNOWN_KINDS = [
  "finished_upstream_open_here",
  "charged_upstream_released_here",
  "unknown_upstream_id",
  "failed_upstream_open_here",
] as const;
const isKnown = (k: string): k is (typeof KNOWN_KINDS)[number] => (KNOWN_KINDS as readonly string[]).includes(k);

export function RelayDrift({ view, action }: { view: RelaysView; action?: ReactNode }) {
  const t = useTranslations("adminRelays");
  const formatDate = useFormatDate();
  return (
    <section className="space-y-2">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 className="text-base font-semibold text-zinc-900">{t("driftTitle")}</h2>
          <p className="text-sm text-zinc-600">
            {t("driftDescription")}{" "}
            {t("lastReconcile", { at: view.lastReconcileAt ? formatDate(view.lastReconcileAt, "short") : t("never") })}
          </p>
        </div>
        {action}
      </div>
      <Table aria-label={t("driftTitle")}>
        <THead>
          <tr>
            <Th>{t("when")}</Th>
            <Th>{t("upstream")}</Th>
            <Th>{t("order")}</Th>
            <Th>{t("driftKind")}</Th>
            <Th>{t("outcome")}</Th>
          </tr>
        </THead>
        <TBody>
          {view.drift.length === 0 && <EmptyRow colSpan={5}>{t("noDrift")}</EmptyRow>}
          {view.drift.map((d) => (
            <Tr key={d.id} data-testid="drift-row">
              <Td className="whitespace-nowrap text-zinc-600">{formatDate(d.createdAt, "short")}</Td>
              <Td>{d.upstreamName}</Td>
              <Td className="text-xs">
                <div className="font-mono">{d.orderNo ?? "—"}</div>
                {d.upstreamTaskId && <div className="font-mono text-zinc-500">{d.upstreamTaskId}</div>}
              </Td>
              <Td className="text-sm">
                <div>{isKnown(d.kind) ? t(`driftKinds.${d.kind}`) : d.kind}</div>
                <div className="max-w-md text-xs text-zinc-500">{d.detail}</div>
              </Td>
              <Td>
                <Badge tone={d.outcome === "repaired" ? "green" : "amber"}>{t(`outcomes.${d.outcome}`)}</Badge>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
    </section>
  );
}
