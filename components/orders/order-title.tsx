"use client";
// The order page's heading: the work's name, renamed in place (PATCH /api/orders/:orderNo); the
// order number stays beside it for the API and support.
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { sendJson } from "@/components/data/api";
import { queryKeys } from "@/components/data/queries";
import type { OrderDetail } from "@/components/data/types";
import { useErrorText } from "@/components/forms/use-error-text";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";

const MAX = 120;

export function OrderTitle({ orderNo, order }: { orderNo: string; order: OrderDetail | undefined }) {
  const t = useTranslations("files.order");
  const tOrder = useTranslations("order");
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [editing, setEditing] = useState<string | null>(null);
  const rename = useMutation({
    mutationFn: (title: string) => sendJson("PATCH", `/api/orders/${encodeURIComponent(orderNo)}`, { title }),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.order(orderNo) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.orders() }),
        queryClient.invalidateQueries({ queryKey: ["library"] }),
      ]).then(() => setEditing(null)),
  });

  if (editing !== null) {
    const tooLong = editing.trim().length > MAX;
    return (
      <form
        className="flex flex-wrap items-center gap-2"
        onSubmit={(e) => {
          e.preventDefault();
          if (!tooLong) rename.mutate(editing.trim());
        }}
      >
        <Input
          value={editing}
          onChange={(e) => setEditing(e.target.value)}
          aria-label={t("titleLabel")}
          aria-invalid={tooLong || undefined}
          maxLength={MAX + 20}
          className="min-w-0 flex-1 basis-64 text-lg"
          autoFocus
        />
        <Button type="submit" size="sm" pending={rename.isPending} disabled={tooLong}>
          {t("saveTitle")}
        </Button>
        <Button variant="ghost" size="sm" onClick={() => setEditing(null)}>
          {t("cancel")}
        </Button>
        {(tooLong || rename.error) && (
          <p className="w-full text-sm text-red-700" role="alert">
            {tooLong ? t("titleTooLong", { max: MAX }) : errorText(rename.error?.message)}
          </p>
        )}
      </form>
    );
  }
  return (
    <div className="flex min-w-0 flex-wrap items-baseline gap-x-3 gap-y-1">
      <h1 className="text-2xl font-semibold tracking-tight break-words text-zinc-900" data-testid="order-title">
        {order?.customTitle ?? tOrder("title")}
      </h1>
      <span className="font-mono text-sm break-all text-zinc-600">{orderNo}</span>
      {order && (
        <Button variant="ghost" size="sm" onClick={() => setEditing(order.customTitle ?? "")}>
          {t("rename")}
        </Button>
      )}
    </div>
  );
}
