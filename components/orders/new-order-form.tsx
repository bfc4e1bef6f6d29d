"use client";
// New order: the type, the audio (uploaded file or link), the price against the balance, submit.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useMemo, useState } from "react";
import { createOrderSchema, ORDER_TYPES, type OrderType } from "@/lib/contracts/orders";
import { meQuery, pricesQuery } from "@/components/data/queries";
import { useErrorText } from "@/components/forms/use-error-text";
import { useSchemaForm } from "@/components/forms/use-schema-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { cx } from "@/components/ui/cx";
import { newIdempotencyKey } from "./estimate";
import { PriceEstimate } from "./price-estimate";
import { SourcePicker, type SourceMode } from "./source-picker";
import { useCreateOrder } from "./use-create-order";
import { useUpload } from "./use-upload";

/** Our field names for the schema's paths (`stuff.pathKey` is the source the person chose). */
const fieldOf = (path: string) => (path.startsWith("orderType") ? "orderType" : "source");

export function NewOrderForm() {
  const t = useTranslations("newOrder");
  const tTypes = useTranslations("orders.types");
  const errorText = useErrorText();
  const router = useRouter();
  const prices = useQuery(pricesQuery());
  const me = useQuery(meQuery());
  const upload = useUpload();

  const [orderType, setOrderType] = useState<OrderType>("track-separation");
  const [mode, setMode] = useState<SourceMode>("upload");
  const [url, setUrl] = useState("");

  const pathKey = mode === "url" ? url.trim() : upload.state.status === "done" ? upload.state.upload.pathKey : "";
  // One key per distinct request: a double submit (or a retry after an error) makes one order.
  // biome-ignore lint/correctness/useExhaustiveDependencies: the dependencies are the request identity, not inputs of the factory
  const idempotencyKey = useMemo(() => newIdempotencyKey(), [orderType, pathKey]);

  const create = useCreateOrder(idempotencyKey);
  const form = useSchemaForm({
    schema: createOrderSchema,
    values: () => ({ orderType, stuff: { pathKey } }),
    check: () =>
      mode === "upload" && upload.state.status === "uploading" ? { source: t("waitForUpload") } : undefined,
    mutation: create,
    onSuccess: (order) => router.push(`/orders/${encodeURIComponent(order.orderNo)}`),
    field: fieldOf,
  });
  const errors = form.errors;
  // Changing the source starts over: old messages no longer apply.
  const clearErrors = form.reset;

  const price = prices.data?.prices.find((p) => p.orderType === orderType);
  const durationSec = mode === "upload" && upload.state.status !== "idle" ? upload.state.durationSec : null;

  return (
    <form ref={form.formRef} noValidate onSubmit={form.onSubmit} className="grid items-start gap-6 lg:grid-cols-3">
      <Card className="space-y-8 lg:col-span-2">
        <fieldset>
          <legend className="text-sm font-medium text-zinc-800">{t("type")}</legend>
          <div className="mt-2 grid gap-3 sm:grid-cols-2">
            {ORDER_TYPES.map((type) => (
              <label
                key={type}
                className={cx(
                  "flex cursor-pointer gap-3 rounded-lg border p-3.5 transition-colors has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-offset-2 has-[:focus-visible]:outline-accent-500",
                  orderType === type
                    ? "border-accent-500 bg-accent-50 ring-1 ring-accent-500"
                    : "border-zinc-200 bg-white hover:border-zinc-300",
                )}
              >
                <input
                  type="radio"
                  name="orderType"
                  value={type}
                  checked={orderType === type}
                  onChange={() => setOrderType(type)}
                  aria-invalid={errors.orderType ? true : undefined}
                  className="mt-0.5 accent-accent-600"
                />
                <span className="min-w-0">
                  <span
                    className={cx(
                      "block text-sm font-medium",
                      orderType === type ? "text-accent-700" : "text-zinc-900",
                    )}
                  >
                    {tTypes(`${type}.name`)}
                  </span>
                  <span className="mt-0.5 block text-xs text-zinc-600">{tTypes(`${type}.description`)}</span>
                </span>
              </label>
            ))}
          </div>
          {errors.orderType && <p className="mt-1.5 text-sm text-red-700">{errorText(errors.orderType)}</p>}
        </fieldset>

        <SourcePicker
          mode={mode}
          onMode={(m) => {
            setMode(m);
            clearErrors();
          }}
          url={url}
          onUrl={setUrl}
          upload={upload.state}
          onFile={(file) => {
            clearErrors();
            upload.start(file);
          }}
          onRemove={upload.reset}
          error={errors.source}
        />

        {form.formError && <Alert>{errorText(form.formError)}</Alert>}
        <div className="flex justify-end border-t border-zinc-100 pt-5">
          <Button
            type="submit"
            pending={create.isPending || create.isSuccess}
            disabled={mode === "upload" && upload.state.status === "uploading"}
          >
            {t("submit")}
          </Button>
        </div>
      </Card>

      <div className="lg:sticky lg:top-10">
        <PriceEstimate price={price} durationSec={durationSec} balance={me.data?.balance} />
      </div>
    </form>
  );
}
