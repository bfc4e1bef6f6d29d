"use client";
// The price of each order type: base credits plus credits per started minute of media.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { updatePricesSchema, type PriceKey as OrderType } from "@/lib/contracts/orders";
import { adminPricesQuery } from "@/components/data/queries";
import { DataTable, type Column as TableColumn } from "@/components/data/query-table";
import type { Price } from "@/components/data/types";
import { useFormatCredits, useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { useSchemaForm, type FieldErrors } from "@/components/forms/use-schema-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { useSavePrices } from "./use-admin";

type Column = "baseCredits" | "perMinuteCredits";
type Draft = Record<OrderType, Record<Column, string>>;
const COLUMNS: Column[] = ["baseCredits", "perMinuteCredits"];

const toDraft = (prices: Price[]) =>
  Object.fromEntries(
    prices.map((p) => [
      p.orderType,
      { baseCredits: String(p.baseCredits), perMinuteCredits: String(p.perMinuteCredits) },
    ]),
  ) as Draft;

function PricesForm({ prices }: { prices: Price[] }) {
  const t = useTranslations("prices");
  const tTypes = useTranslations("orders.types");
  const errorText = useErrorText();
  const formatCredits = useFormatCredits();
  const formatDate = useFormatDate();
  const [draft, setDraft] = useState<Draft>(() => toDraft(prices));
  const save = useSavePrices();
  const form = useSchemaForm({
    schema: updatePricesSchema,
    values: () => ({
      prices: prices.map((p) => ({
        orderType: p.orderType,
        baseCredits: Number(draft[p.orderType].baseCredits.trim()),
        perMinuteCredits: Number(draft[p.orderType].perMinuteCredits.trim()),
      })),
    }),
    check: () => {
      const errors: FieldErrors = {};
      for (const p of prices) {
        for (const column of COLUMNS)
          if (!/^\d+$/.test(draft[p.orderType][column].trim())) errors[`${p.orderType}.${column}`] = t("wholeNumber");
      }
      return errors;
    },
    mutation: save,
    // `prices.<index>.<column>` names one input of the grid.
    field: (path) => {
      const [, index, column] = path.split(".");
      const type = prices[Number(index)]?.orderType;
      return type && column ? `${type}.${column}` : null;
    },
  });
  const errors = form.errors;

  function edit(type: OrderType, column: Column, value: string) {
    setDraft((d) => ({ ...d, [type]: { ...d[type], [column]: value } }));
    save.reset();
  }

  const rule = (type: OrderType) => {
    const base = Number(draft[type].baseCredits);
    const per = Number(draft[type].perMinuteCredits);
    return Number.isFinite(base + per) ? formatCredits(base + per * 3) : "—";
  };

  const input = (column: Column): TableColumn<Price> => ({
    id: column,
    header: t(column),
    tdProps: { className: "align-top" },
    cell: (p) => {
      const key = `${p.orderType}.${column}`;
      const id = `price-${key}`;
      return (
        <>
          <label htmlFor={id} className="sr-only">
            {t(column === "baseCredits" ? "baseLabel" : "perMinuteLabel", { type: tTypes(`${p.orderType}.name`) })}
          </label>
          <Input
            id={id}
            type="number"
            inputMode="numeric"
            min={0}
            step={1}
            value={draft[p.orderType][column]}
            onChange={(e) => edit(p.orderType, column, e.target.value)}
            aria-invalid={errors[key] ? true : undefined}
            aria-describedby={errors[key] ? `${id}-error` : undefined}
            className="max-w-32 tabular-nums"
          />
          {errors[key] && (
            <p id={`${id}-error`} className="mt-1 max-w-40 text-xs text-red-700">
              {errorText(errors[key])}
            </p>
          )}
        </>
      );
    },
  });
  const columns: TableColumn<Price>[] = [
    {
      id: "orderType",
      header: t("orderType"),
      tdProps: { className: "min-w-44" },
      cell: (p) => (
        <>
          <span className="block font-medium text-zinc-900">{tTypes(`${p.orderType}.name`)}</span>
          <span className="block text-xs text-zinc-500">{p.orderType}</span>
        </>
      ),
    },
    input("baseCredits"),
    input("perMinuteCredits"),
    {
      id: "example",
      header: t("example"),
      thProps: { className: "text-right" },
      tdProps: { className: "text-right whitespace-nowrap tabular-nums text-zinc-600" },
      cell: (p) => rule(p.orderType),
    },
    {
      id: "updated",
      header: t("updated"),
      tdProps: { className: "whitespace-nowrap text-zinc-600" },
      cell: (p) => (p.updatedAt ? formatDate(p.updatedAt, "short") : t("default")),
    },
  ];

  return (
    <form ref={form.formRef} noValidate onSubmit={form.onSubmit} className="space-y-4">
      <DataTable
        rows={prices}
        rowKey={(p) => p.orderType}
        rowProps={(p) => ({ "data-testid": "price-row", "data-order-type": p.orderType })}
        columns={columns}
        empty="—"
      />
      <p className="text-xs text-zinc-500">{t("exampleHint")}</p>
      {form.formError && <Alert>{errorText(form.formError)}</Alert>}
      {save.isSuccess && <Alert tone="success">{t("saved")}</Alert>}
      <div className="flex justify-end">
        <Button type="submit" pending={form.pending}>
          {t("save")}
        </Button>
      </div>
    </form>
  );
}

export function PricesAdmin() {
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const prices = useQuery(adminPricesQuery());
  if (prices.isError) return <Alert>{errorText(prices.error.message)}</Alert>;
  if (!prices.data) return <p className="text-sm text-zinc-500">{tc("loading")}</p>;
  return <PricesForm prices={prices.data.prices} />;
}
