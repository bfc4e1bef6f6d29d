"use client";
// The price of each order type: base credits plus credits per started minute of media.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { updatePricesSchema, type PriceKey as OrderType } from "@/lib/contracts/orders";
import { sendJson } from "@/components/data/api";
import { adminPricesQuery, queryKeys } from "@/components/data/queries";
import type { Price } from "@/components/data/types";
import { useFormatCredits, useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { useFocusFirstInvalid } from "@/components/forms/use-focus-invalid";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Input } from "@/components/ui/input";
import { EmptyRow, TBody, THead, Table, Td, Th, Tr } from "@/components/ui/table";

type Column = "baseCredits" | "perMinuteCredits";
type Draft = Record<OrderType, Record<Column, string>>;
const COLUMNS: Column[] = ["baseCredits", "perMinuteCredits"];

const toDraft = (prices: Price[]) =>
  Object.fromEntries(prices.map((p) => [p.orderType, { baseCredits: String(p.baseCredits), perMinuteCredits: String(p.perMinuteCredits) }])) as Draft;

function PricesForm({ prices }: { prices: Price[] }) {
  const t = useTranslations("prices");
  const tTypes = useTranslations("orders.types");
  const errorText = useErrorText();
  const formatCredits = useFormatCredits();
  const formatDate = useFormatDate();
  const queryClient = useQueryClient();
  const [draft, setDraft] = useState<Draft>(() => toDraft(prices));
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useFocusFirstInvalid(errors);

  const save = useMutation({
    mutationFn: (body: unknown) => sendJson<{ prices: Price[] }>("PUT", "/api/admin/prices", body),
    onSuccess: async (data) => {
      queryClient.setQueryData(queryKeys.adminPrices(), data);
      await queryClient.invalidateQueries({ queryKey: queryKeys.prices() });
    },
  });

  function edit(type: OrderType, column: Column, value: string) {
    setDraft((d) => ({ ...d, [type]: { ...d[type], [column]: value } }));
    save.reset();
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const next: Record<string, string> = {};
    const body = prices.map((p) => {
      const row = { orderType: p.orderType } as Record<string, unknown>;
      for (const column of COLUMNS) {
        const raw = draft[p.orderType][column].trim();
        if (!/^\d+$/.test(raw)) next[`${p.orderType}.${column}`] = t("wholeNumber");
        row[column] = Number(raw);
      }
      return row;
    });
    const parsed = updatePricesSchema.safeParse({ prices: body });
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const [, index, column] = issue.path;
        const key = `${prices[Number(index)]?.orderType}.${String(column)}`;
        next[key] ??= issue.message;
      }
    }
    setErrors(next);
    if (Object.keys(next).length || !parsed.success) return;
    save.mutate(parsed.data);
  }

  const rule = (type: OrderType) => {
    const base = Number(draft[type].baseCredits);
    const per = Number(draft[type].perMinuteCredits);
    return Number.isFinite(base + per) ? formatCredits(base + per * 3) : "—";
  };

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} className="space-y-4">
      <Table>
        <THead>
          <tr>
            <Th>{t("orderType")}</Th>
            <Th>{t("baseCredits")}</Th>
            <Th>{t("perMinuteCredits")}</Th>
            <Th className="text-right">{t("example")}</Th>
            <Th>{t("updated")}</Th>
          </tr>
        </THead>
        <TBody>
          {prices.length === 0 && <EmptyRow colSpan={5}>—</EmptyRow>}
          {prices.map((p) => (
            <Tr key={p.orderType} data-testid="price-row" data-order-type={p.orderType}>
              <Td className="min-w-44">
                <span className="block font-medium text-zinc-900">{tTypes(`${p.orderType}.name`)}</span>
                <span className="block text-xs text-zinc-500">{p.orderType}</span>
              </Td>
              {COLUMNS.map((column) => {
                const key = `${p.orderType}.${column}`;
                const id = `price-${key}`;
                return (
                  <Td key={column} className="align-top">
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
                  </Td>
                );
              })}
              <Td className="text-right whitespace-nowrap tabular-nums text-zinc-600">{rule(p.orderType)}</Td>
              <Td className="whitespace-nowrap text-zinc-600">{p.updatedAt ? formatDate(p.updatedAt, "short") : t("default")}</Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      <p className="text-xs text-zinc-500">{t("exampleHint")}</p>
      {save.isError && <Alert>{errorText(save.error.message)}</Alert>}
      {save.isSuccess && <Alert tone="success">{t("saved")}</Alert>}
      <div className="flex justify-end">
        <Button type="submit" pending={save.isPending}>
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
