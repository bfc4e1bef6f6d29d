"use client";
// Admin "Engines" → relays: the paid upstreams order types can be routed to (health over the last
// day, balance, what each charges beside Mixdesk's price), the per-type routes, and the drift the
// scheduled reconciliation found between upstream records and ours. Keys appear only as hints.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { adminRelaysQuery } from "@/components/data/queries";
import type { RelayConnectionResult } from "@/components/data/types";
import { useFormatDate } from "@/components/format";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/confirm-dialog";
import { EmptyRow, Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import type { RelaysView, RoutableType, UpstreamView } from "@/lib/contracts/relays";
import { RelayDrift } from "./relay-drift";
import { RelayRoutes } from "./relay-routes";
import { UpstreamForm } from "./relay-upstream-form";
import { useDeleteUpstream, useReconcileNow, useTestUpstream } from "./use-relays";

const pct = (n: number | null) => (n === null ? "—" : `${Math.round(n * 1000) / 10}%`);
const ms = (n: number | null) => (n === null ? "—" : n >= 1000 ? `${(n / 1000).toFixed(1)} s` : `${n} ms`);

function Margins({ u, prices }: { u: UpstreamView; prices: RelaysView["prices"] }) {
  const t = useTranslations("adminRelays");
  const tTypes = useTranslations("orders.types");
  const entries = Object.entries(u.costs) as [RoutableType, number][];
  if (entries.length === 0) return <span className="text-zinc-500">—</span>;
  return (
    <ul className="space-y-0.5 text-xs">
      {entries.map(([type, cost]) => {
        const price = prices[type];
        const margin = price === undefined ? null : price - cost;
        return (
          <li key={type} data-testid="upstream-margin" data-type={type}>
            {tTypes(`${type}.name`)}: {t("costVsPrice", { cost, price: price ?? "—" })}{" "}
            {margin !== null && (
              <span className={margin < 0 ? "font-medium text-red-700" : "text-emerald-700"}>
                ({t("margin", { margin })})
              </span>
            )}
          </li>
        );
      })}
    </ul>
  );
}

function UpstreamRow({
  u,
  view,
  onEdit,
  onDelete,
}: {
  u: UpstreamView;
  view: RelaysView;
  onEdit: () => void;
  onDelete: () => void;
}) {
  const t = useTranslations("adminRelays");
  const formatDate = useFormatDate();
  const errorText = useErrorText();
  const test = useTestUpstream();
  const result: RelayConnectionResult | undefined = test.data;
  const h = u.health;
  return (
    <Tr data-testid="upstream-row" data-name={u.name}>
      <Td className="align-top">
        <div className="font-medium text-zinc-900">{u.name}</div>
        <div className="text-xs text-zinc-500">
          {t(`kinds.${u.kind}`)} · {u.baseUrl}
          {u.model ? ` · ${u.model}` : ""}
        </div>
        <div className="text-xs text-zinc-500">{t("keyEnding", { hint: u.keyHint })}</div>
      </Td>
      <Td className="align-top">
        <div className="flex flex-wrap gap-1">
          {!u.enabled ? (
            <Badge>{t("disabled")}</Badge>
          ) : u.outOfRotation ? (
            <Badge tone="red">{t("outOfRotation")}</Badge>
          ) : (
            <Badge tone="green">{t("inRotation")}</Badge>
          )}
          {u.keyUnreadable && <Badge tone="red">{t("keyUnreadable")}</Badge>}
        </div>
      </Td>
      <Td className="align-top text-xs text-zinc-700" data-testid="upstream-health">
        <div>{t("lastSuccess", { at: formatDate(h.lastSuccessAt, "short") })}</div>
        <div>
          {t("calls24h", { calls: h.calls24h })} · {t("errorRate", { rate: pct(h.errorRate24h) })}
        </div>
        <div>{t("latency", { p50: ms(h.latencyP50Ms), p95: ms(h.latencyP95Ms) })}</div>
        {h.lastError && (
          <div className="mt-1 max-w-xs break-words text-red-700">
            {formatDate(h.lastErrorAt, "short")}: {h.lastError}
          </div>
        )}
      </Td>
      <Td className="align-top tabular-nums text-sm" data-testid="upstream-balance">
        {u.balance === null ? t("balanceUnknown") : u.balance}
        {u.balanceAt && <div className="text-xs text-zinc-500">{formatDate(u.balanceAt, "short")}</div>}
      </Td>
      <Td className="align-top">
        <Margins u={u} prices={view.prices} />
      </Td>
      <Td className="align-top text-right">
        <div className="flex flex-wrap justify-end gap-1">
          <Button size="sm" variant="secondary" pending={test.isPending} onClick={() => test.mutate(u.id)}>
            {t("test")}
          </Button>
          <Button size="sm" variant="secondary" onClick={onEdit}>
            {t("edit")}
          </Button>
          <Button size="sm" variant="ghost" onClick={onDelete}>
            {t("delete")}
          </Button>
        </div>
        <div className="mt-1 max-w-xs text-left text-xs" data-testid="upstream-test-result" aria-live="polite">
          {result?.ok && (
            <span className="text-emerald-700">
              {t("testOk", { latency: ms(result.latencyMs), balance: result.balance ?? t("balanceUnknown") })}
            </span>
          )}
          {result && !result.ok && result.error && (
            <span className="text-red-700">
              {t(`testFailed.${result.error.kind}`)} {result.error.message}
            </span>
          )}
          {test.isError && <span className="text-red-700">{errorText(test.error.message)}</span>}
        </div>
      </Td>
    </Tr>
  );
}

function Upstreams({ view }: { view: RelaysView }) {
  const t = useTranslations("adminRelays");
  const errorText = useErrorText();
  const remove = useDeleteUpstream();
  const [form, setForm] = useState<{ editing: UpstreamView | null } | null>(null);
  const [deleting, setDeleting] = useState<UpstreamView | null>(null);
  const out = view.upstreams.filter((u) => u.enabled && u.outOfRotation);
  return (
    <section className="space-y-2">
      <div className="flex flex-wrap items-end justify-between gap-2">
        <div>
          <h2 className="text-base font-semibold text-zinc-900">{t("title")}</h2>
          <p className="text-sm text-zinc-600">{t("description")}</p>
        </div>
        <Button onClick={() => setForm({ editing: null })} disabled={!view.keysConfigured}>
          {t("addUpstream")}
        </Button>
      </div>
      {!view.keysConfigured && <Alert tone="warning">{t("noMasterKey")}</Alert>}
      {out.map((u) => (
        <Alert key={u.id} tone="warning">
          {t("outOfRotationAlert", { name: u.name, reason: u.outOfRotation ?? "" })}
        </Alert>
      ))}
      <Table aria-label={t("title")}>
        <THead>
          <tr>
            <Th>{t("upstream")}</Th>
            <Th>{t("status")}</Th>
            <Th>{t("health")}</Th>
            <Th>{t("balance")}</Th>
            <Th>{t("costs")}</Th>
            <Th />
          </tr>
        </THead>
        <TBody>
          {view.upstreams.length === 0 && <EmptyRow colSpan={6}>{t("none")}</EmptyRow>}
          {view.upstreams.map((u) => (
            <UpstreamRow
              key={u.id}
              u={u}
              view={view}
              onEdit={() => setForm({ editing: u })}
              onDelete={() => setDeleting(u)}
            />
          ))}
        </TBody>
      </Table>
      <UpstreamForm
        open={form !== null}
        editing={form?.editing ?? null}
        prices={view.prices}
        onClose={() => setForm(null)}
      />
      <ConfirmDialog
        open={deleting !== null}
        title={t("deleteTitle", { name: deleting?.name ?? "" })}
        description={t("deleteDescription")}
        confirmLabel={t("delete")}
        cancelLabel={t("cancel")}
        pending={remove.isPending}
        error={remove.isError ? errorText(remove.error.message) : undefined}
        onCancel={() => {
          setDeleting(null);
          remove.reset();
        }}
        onConfirm={() => deleting && remove.mutate(deleting.id, { onSuccess: () => setDeleting(null) })}
      />
    </section>
  );
}

function ReconcileButton() {
  const t = useTranslations("adminRelays");
  const errorText = useErrorText();
  const run = useReconcileNow();
  const r = run.data;
  return (
    <div className="flex flex-col items-end gap-1">
      <Button size="sm" variant="secondary" pending={run.isPending} onClick={() => run.mutate()}>
        {t("runReconcile")}
      </Button>
      <div className="text-xs" data-testid="reconcile-result" aria-live="polite">
        {r && (
          <span className="text-zinc-700">
            {t("reconcileDone", {
              checked: r.checked,
              repaired: r.repaired,
              reported: r.reported,
              resolved: r.resolved,
            })}
          </span>
        )}
        {r?.errors.map((e) => (
          <div key={e.name} className="text-red-700">
            {e.name}: {e.error}
          </div>
        ))}
        {run.isError && <span className="text-red-700">{errorText(run.error.message)}</span>}
      </div>
    </div>
  );
}

export function RelaysAdmin() {
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const q = useQuery(adminRelaysQuery());
  if (q.isError) return <Alert>{errorText(q.error.message)}</Alert>;
  if (!q.data) return <p className="text-sm text-zinc-500">{tc("loading")}</p>;
  return (
    <div className="space-y-6" data-testid="relays-admin">
      <Upstreams view={q.data} />
      <RelayRoutes view={q.data} />
      <RelayDrift view={q.data} action={<ReconcileButton />} />
    </div>
  );
}
