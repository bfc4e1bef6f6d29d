"use client";
// A person's own credit history: every ledger row about them, with the change it made to what
// they can spend and to what is held, and the order it was for.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { QueryTable, type Column } from "@/components/data/query-table";
import type { MyCreditEntry } from "@/components/data/types";
import { useFormatCredits, useFormatDate } from "@/components/format";
import { SignedCredits, SubjectLink } from "./amounts";
import { myCreditsQuery } from "./queries";

const PAGE_SIZE = 25;

export function CreditHistory() {
  const t = useTranslations("credits");
  const formatDate = useFormatDate();
  const formatCredits = useFormatCredits();
  const [page, setPage] = useState(1);
  const history = useQuery(myCreditsQuery(page, PAGE_SIZE));
  const right = "text-right tabular-nums";

  const columns: Column<MyCreditEntry>[] = [
    {
      id: "time",
      header: t("time"),
      tdProps: { className: "whitespace-nowrap text-zinc-600" },
      cell: (e) => formatDate(e.createdAt, "short"),
    },
    {
      id: "what",
      header: t("what"),
      tdProps: { className: "min-w-40" },
      cell: (e) => (
        <>
          <span className="block font-medium text-zinc-900" data-testid="credit-kind" data-kind={e.kind}>
            {t.has(`kinds.${e.kind}` as never) ? t(`kinds.${e.kind}` as never) : e.kind}
          </span>
          <span className="block text-xs text-zinc-500">
            {e.note
              ? t("byAdmin", { note: e.note })
              : t.has(`kindHelp.${e.kind}` as never)
                ? t(`kindHelp.${e.kind}` as never)
                : ""}
          </span>
        </>
      ),
    },
    { id: "for", header: t("for"), cell: (e) => <SubjectLink subject={e.subject} /> },
    {
      id: "available",
      header: t("available"),
      thProps: { className: "text-right" },
      tdProps: { className: `${right} font-medium` },
      cell: (e) => <SignedCredits value={e.balanceDelta} testId="credit-change" />,
    },
    {
      id: "held",
      header: t("held"),
      thProps: { className: "text-right" },
      tdProps: { className: right },
      cell: (e) => <SignedCredits value={e.heldDelta} testId="held-change" />,
    },
    {
      id: "balanceAfter",
      header: t("balanceAfter"),
      thProps: { className: "text-right" },
      tdProps: { className: `${right} text-zinc-700` },
      cell: (e) => formatCredits(e.balanceAfter),
    },
  ];

  return (
    <div className="space-y-3">
      <p className="text-sm text-zinc-600">{t("signsHint")}</p>
      <QueryTable
        query={history}
        rows={(d) => d.entries}
        rowKey={(e) => e.id}
        rowProps={() => ({ "data-testid": "credit-row" })}
        columns={columns}
        empty={t("empty")}
        onPage={setPage}
      />
    </div>
  );
}
