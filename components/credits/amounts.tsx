"use client";
// Signed credit changes as a person reads them: +5 in green, −5 in red, 0 in grey.
import { useFormatter, useTranslations } from "next-intl";
import Link from "next/link";
import { useCallback } from "react";
import type { LedgerEntry } from "@/components/data/types";
import { cx } from "@/components/ui/cx";

export function useSignedCredits() {
  const format = useFormatter();
  return useCallback((n: number) => format.number(n, { signDisplay: "exceptZero" }), [format]);
}

export function SignedCredits({ value, testId }: { value: number; testId?: string }) {
  const signed = useSignedCredits();
  return (
    <span
      data-testid={testId}
      data-value={value}
      className={cx("tabular-nums", value > 0 ? "text-emerald-700" : value < 0 ? "text-red-700" : "text-zinc-400")}
    >
      {signed(value)}
    </span>
  );
}

type Subject = LedgerEntry["subject"];

/** What an entry was for: the order (linked to its page) or a short-video parse. */
export function SubjectLink({ subject }: { subject: Subject }) {
  const t = useTranslations("credits");
  const tTypes = useTranslations("orders.types");
  if (!subject) return <span className="text-zinc-400">—</span>;
  if (subject.kind === "short-video") {
    return (
      <Link href={subject.href} className="font-medium text-accent-700 hover:underline">
        {t("shortVideo")}
      </Link>
    );
  }
  const typeName =
    subject.orderType && tTypes.has(`${subject.orderType}.name` as never)
      ? tTypes(`${subject.orderType}.name` as never)
      : null;
  return (
    <Link
      href={subject.href}
      data-testid="ledger-order-link"
      className="font-medium whitespace-nowrap text-accent-700 hover:underline"
    >
      {typeName
        ? t("order", { type: typeName, orderNo: subject.orderNo })
        : t("orderNoType", { orderNo: subject.orderNo })}
    </Link>
  );
}
