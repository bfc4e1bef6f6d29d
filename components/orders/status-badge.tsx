"use client";
import { useTranslations } from "next-intl";
import type { OrderStatus } from "@/lib/contracts/orders";
import { Badge } from "@/components/ui/badge";
import { STATUS_TONES } from "./labels";

export function OrderStatusBadge({ status }: { status: OrderStatus }) {
  const t = useTranslations("orders.statuses");
  return (
    <span data-testid="order-status" data-status={status}>
      <Badge tone={STATUS_TONES[status]}>{t(status)}</Badge>
    </span>
  );
}
