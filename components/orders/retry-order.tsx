"use client";
// Under a failed or timed-out order: what to do next, and Retry (the same input as a new order).
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import type { OrderDetail } from "@/components/data/types";
import { useErrorText } from "@/components/forms/use-error-text";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { useRetryOrder } from "./use-retry-order";

export function RetryOrder({ order }: { order: OrderDetail }) {
  const t = useTranslations("stems");
  const errorText = useErrorText();
  const router = useRouter();
  const retry = useRetryOrder(order.orderNo);
  const fromLink = !order.pathKey.startsWith("upload:");
  return (
    <div data-testid="retry-panel">
      <Card className="space-y-2">
        <h2 className="text-sm font-semibold text-zinc-900">{t("nextTitle")}</h2>
        <ul className="list-disc space-y-1 pl-5 text-sm text-zinc-700">
          {order.status === "timeout" && <li>{t("nextTimeout")}</li>}
          <li>{fromLink ? t("nextLink") : t("nextUpload")}</li>
          <li>{t("nextRetry")}</li>
        </ul>
        <div className="flex flex-wrap items-center gap-3">
          <Button
            variant="primary"
            size="sm"
            pending={retry.isPending}
            onClick={() =>
              retry.mutate(undefined, { onSuccess: (created) => router.push(`/orders/${created.orderNo}`) })
            }
          >
            {retry.isPending ? t("retrying") : t("retry")}
          </Button>
          {retry.isError && (
            <span role="alert" className="text-sm text-red-700">
              {errorText(retry.error.message)}
            </span>
          )}
        </div>
      </Card>
    </div>
  );
}
