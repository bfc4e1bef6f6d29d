"use client";
// One order as it happens: polls about once a second while it is pending or processing, then
// shows the failure reason with Retry, or the stem player.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import Link from "next/link";
import type { ReactNode } from "react";
import { ApiError } from "@/components/data/api";
import { orderQuery } from "@/components/data/queries";
import { useFormatCredits, useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { buttonClass } from "@/components/ui/button";
import { Card, Section } from "@/components/ui/card";
import { formatDuration, useStageText } from "./labels";
import { ProgressBar } from "./progress-bar";
import { OrderTitle } from "./order-title";
import { RetryOrder } from "./retry-order";
import { StemPlayer } from "./stem-player";
import { OrderStatusBadge } from "./status-badge";
import { TranscriptPanel } from "./transcript-panel";
import { useFailureText } from "./use-failure-text";

function Detail({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div className="min-w-0">
      <dt className="text-xs font-medium text-zinc-500">{label}</dt>
      <dd className="mt-0.5 text-sm text-zinc-900">{children}</dd>
    </div>
  );
}

export function OrderLive({ orderNo }: { orderNo: string }) {
  const t = useTranslations("order");
  const tTypes = useTranslations("orders.types");
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const failureText = useFailureText();
  const stageText = useStageText();
  const formatDate = useFormatDate();
  const formatCredits = useFormatCredits();
  const query = useQuery(orderQuery(orderNo));

  if (query.isError && query.error instanceof ApiError && query.error.status === 404) {
    return (
      <div className="py-16 text-center" data-testid="order-not-found">
        <h1 className="text-2xl font-semibold tracking-tight">{t("notFoundTitle")}</h1>
        <p className="mt-2 text-sm text-zinc-600">{t("notFoundDescription", { orderNo })}</p>
        <Link href="/orders" className={buttonClass("secondary", "md", "mt-6")}>
          {t("backToOrders")}
        </Link>
      </div>
    );
  }

  const order = query.data;
  const live = order?.status === "pending" || order?.status === "processing";
  const percent = Math.round((order?.progress ?? 0) * 100);

  return (
    <div className="space-y-8">
      <header>
        <div>
          <p className="text-sm">
            <Link href="/orders" className="font-medium text-accent-600 hover:underline">
              ← {t("backToOrders")}
            </Link>
          </p>
          <div className="mt-2 flex flex-wrap items-center gap-3">
            <OrderTitle orderNo={orderNo} order={order} />
            {order && <OrderStatusBadge status={order.status} />}
          </div>
          {order && <p className="mt-1 text-sm text-zinc-600">{tTypes(`${order.orderType}.name`)}</p>}
        </div>
      </header>

      {query.isError && <Alert>{errorText(query.error)}</Alert>}
      {query.isPending && <p className="text-sm text-zinc-500">{tc("loading")}</p>}

      {order && live && (
        <Card className="space-y-3">
          <div className="flex items-baseline justify-between gap-3 text-sm">
            <span className="font-medium text-zinc-800" data-testid="order-stage">
              {order.status === "pending" ? t("waiting") : stageText(order.stage)}
            </span>
            <span className="text-zinc-600 tabular-nums">{percent}%</span>
          </div>
          <ProgressBar
            fraction={order.progress}
            label={t("progress")}
            valueText={`${stageText(order.stage)} — ${percent}%`}
          />
          <p className="text-xs text-zinc-500">{t("liveHint")}</p>
        </Card>
      )}

      {order && (order.status === "failed" || order.status === "timeout") && (
        <Alert>
          <p className="font-medium">{order.status === "timeout" ? t("timedOut") : t("failed")}</p>
          <p className="mt-0.5" data-testid="order-reason">
            {failureText(order).text}
          </p>
          <p className="mt-1" data-testid="order-next-step">
            {failureText(order).hint}
          </p>
          <p className="mt-1 text-xs">{t("notCharged")}</p>
        </Alert>
      )}
      {order && (order.status === "failed" || order.status === "timeout") && <RetryOrder order={order} />}

      {order?.status === "finish" &&
        (order.orderType === "extract-text" ? <TranscriptPanel order={order} /> : <StemPlayer order={order} />)}

      {order && (
        <Section title={t("details")}>
          <Card>
            <dl className="grid gap-x-6 gap-y-4 sm:grid-cols-2 lg:grid-cols-3">
              <Detail label={t("cost")}>
                <span
                  data-testid="order-cost"
                  data-value={order.status === "finish" ? order.cost : undefined}
                  className="tabular-nums"
                >
                  {order.status === "finish"
                    ? t("credits", { formatted: formatCredits(order.cost) })
                    : live
                      ? t("heldCredits", { formatted: formatCredits(order.held) })
                      : t("credits", { formatted: formatCredits(0) })}
                </span>
              </Detail>
              <Detail label={t("duration")}>{formatDuration(order.durationSec)}</Detail>
              {order.engine && (
                <Detail label={t("engine")}>
                  <span data-testid="order-engine" data-value={order.engine} title={order.engine}>
                    {order.engine.startsWith("onnx:")
                      ? t("engineOnnx", { model: order.engine.slice(5).replace(/@[0-9a-f]+$/, "") })
                      : t("engineDsp", { id: order.engine })}
                  </span>
                </Detail>
              )}
              <Detail label={t("source")}>
                <span className="block truncate" title={order.pathKey}>
                  {order.pathKey.startsWith("upload:") ? t("uploadedFile") : order.pathKey}
                </span>
              </Detail>
              <Detail label={t("createdBy")}>
                <span data-testid="order-creator">{order.user.name}</span>
                <span className="block truncate text-xs text-zinc-500">{order.user.email}</span>
              </Detail>
              <Detail label={t("created")}>{formatDate(order.createdAt)}</Detail>
              <Detail label={t("finished")}>{formatDate(order.finishedAt)}</Detail>
            </dl>
          </Card>
        </Section>
      )}
    </div>
  );
}
