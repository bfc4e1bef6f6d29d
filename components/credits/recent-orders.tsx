"use client";
// The person's last few orders in the current team, on the dashboard: what ran, how it ended,
// what it cost (or still holds).
import { useTranslations } from "next-intl";
import Link from "next/link";
import type { CreditSummary } from "@/components/data/types";
import { useFormatCredits, useFormatDate } from "@/components/format";
import { OrderStatusBadge } from "@/components/orders/status-badge";
import { Card, Section } from "@/components/ui/card";
import type { OrderStatus } from "@/lib/contracts/orders";

export function RecentOrders({ orders }: { orders: CreditSummary["recentOrders"] | undefined }) {
  const t = useTranslations("credits");
  const tTypes = useTranslations("orders.types");
  const tc = useTranslations("common");
  const tNav = useTranslations("nav");
  const formatCredits = useFormatCredits();
  const formatDate = useFormatDate();
  const typeName = (type: string) => (tTypes.has(`${type}.name` as never) ? tTypes(`${type}.name` as never) : type);
  return (
    <Section
      title={t("recentOrders")}
      actions={
        <Link href="/orders" className="text-sm font-medium text-accent-600 hover:underline">
          {tNav("orders")} →
        </Link>
      }
    >
      <Card padded={false}>
        {!orders ? (
          <p className="p-5 text-sm text-zinc-500">{tc("loading")}</p>
        ) : orders.length === 0 ? (
          <p className="p-5 text-sm text-zinc-500">{t("noOrders")}</p>
        ) : (
          <ul className="divide-y divide-zinc-100">
            {orders.map((o) => (
              <li
                key={o.orderNo}
                data-testid="recent-order"
                className="flex flex-wrap items-center gap-x-4 gap-y-1 px-5 py-3"
              >
                <Link href={o.href} className="min-w-0 flex-1 font-medium text-accent-700 hover:underline">
                  {typeName(o.type)} <span className="font-mono text-xs text-zinc-500">{o.orderNo}</span>
                </Link>
                <OrderStatusBadge status={o.status as OrderStatus} />
                <span className="w-28 text-right text-sm text-zinc-700 tabular-nums">
                  {o.payStatus === "paid"
                    ? formatCredits(o.cost)
                    : o.payStatus === "waiting"
                      ? t("heldNow", { formatted: formatCredits(o.holdAmount) })
                      : formatCredits(0)}
                </span>
                <span className="w-32 text-right text-xs whitespace-nowrap text-zinc-500">
                  {formatDate(o.createdAt, "short")}
                </span>
              </li>
            ))}
          </ul>
        )}
      </Card>
    </Section>
  );
}
