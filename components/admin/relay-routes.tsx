"use client";
// The ordered route of each routable type: steps are tried first to last, "local" is this server's
// own engine. Only upstreams whose kind serves the type can be added (the server checks it too).
import { useTranslations } from "next-intl";
import { useState } from "react";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Select } from "@/components/ui/input";
import {
  KIND_SERVES,
  ROUTABLE_TYPES,
  type RelaysView,
  type RoutableType,
  type RouteStep,
} from "@/lib/contracts/relays";
import { useSaveRoute } from "./use-relays";

const idOf = (s: RouteStep) => (s.startsWith("upstream:") ? s.slice("upstream:".length) : null);

function RouteRow({ type, view }: { type: RoutableType; view: RelaysView }) {
  const t = useTranslations("adminRelays");
  const tTypes = useTranslations("orders.types");
  const errorText = useErrorText();
  const save = useSaveRoute();
  const saved = view.routes[type];
  const [steps, setSteps] = useState<RouteStep[]>(saved);
  const [adding, setAdding] = useState("");
  const dirty = JSON.stringify(steps) !== JSON.stringify(saved);
  const byId = new Map(view.upstreams.map((u) => [u.id, u]));
  const candidates: { step: RouteStep; label: string }[] = [
    { step: "local" as RouteStep, label: t("local") },
    ...view.upstreams
      .filter((u) => KIND_SERVES[u.kind].includes(type))
      .map((u) => ({ step: `upstream:${u.id}` as RouteStep, label: u.name })),
  ].filter((c) => !steps.includes(c.step));

  const label = (s: RouteStep) => {
    const id = idOf(s);
    return id ? (byId.get(id)?.name ?? t("unknownUpstream")) : t("local");
  };
  const edit = (next: RouteStep[]) => {
    setSteps(next);
    save.reset();
  };
  const move = (i: number, by: -1 | 1) => {
    const next = [...steps];
    [next[i], next[i + by]] = [next[i + by], next[i]];
    edit(next);
  };

  return (
    <li className="space-y-2 border-t border-zinc-100 py-3 first:border-t-0" data-testid={`route-${type}`}>
      <div className="flex flex-wrap items-center justify-between gap-2">
        <span className="font-medium text-zinc-900">{tTypes(`${type}.name`)}</span>
        <div className="flex items-center gap-2">
          <Select
            aria-label={t("addStepTo", { type: tTypes(`${type}.name`) })}
            data-testid={`route-add-${type}`}
            value={adding}
            onChange={(e) => setAdding(e.target.value)}
            disabled={candidates.length === 0}
          >
            <option value="">{t("addStep")}</option>
            {candidates.map((c) => (
              <option key={c.step} value={c.step}>
                {c.label}
              </option>
            ))}
          </Select>
          <Button
            size="sm"
            variant="secondary"
            disabled={!adding}
            onClick={() => {
              edit([...steps, adding as RouteStep]);
              setAdding("");
            }}
          >
            {t("add")}
          </Button>
          <Button
            size="sm"
            disabled={!dirty || steps.length === 0}
            pending={save.isPending}
            onClick={() => save.mutate({ type, steps }, { onSuccess: (v) => setSteps(v.routes[type]) })}
          >
            {t("saveRoute")}
          </Button>
        </div>
      </div>
      <ol className="flex flex-wrap items-center gap-2 text-sm">
        {steps.length === 0 && <li className="text-zinc-500">{t("emptyRoute")}</li>}
        {steps.map((s, i) => {
          const u = byId.get(idOf(s) ?? "");
          return (
            <li
              key={s}
              className="flex items-center gap-1 rounded-md border border-zinc-200 bg-white px-2 py-1"
              data-testid="route-step"
            >
              <span className="text-xs text-zinc-500">{i + 1}.</span>
              <span>{label(s)}</span>
              {u && (!u.enabled || u.outOfRotation) && (
                <Badge tone="amber">{u.outOfRotation ? t("outOfRotation") : t("disabled")}</Badge>
              )}
              <Button
                size="sm"
                variant="ghost"
                aria-label={t("moveUp", { step: label(s) })}
                disabled={i === 0}
                onClick={() => move(i, -1)}
              >
                ↑
              </Button>
              <Button
                size="sm"
                variant="ghost"
                aria-label={t("moveDown", { step: label(s) })}
                disabled={i === steps.length - 1}
                onClick={() => move(i, 1)}
              >
                ↓
              </Button>
              <Button
                size="sm"
                variant="ghost"
                aria-label={t("removeStep", { step: label(s) })}
                onClick={() => edit(steps.filter((x) => x !== s))}
              >
                ×
              </Button>
            </li>
          );
        })}
      </ol>
      {save.isSuccess && !dirty && <Alert tone="success">{t("routeSaved")}</Alert>}
      {save.isError && <Alert>{errorText(save.error.message)}</Alert>}
    </li>
  );
}

export function RelayRoutes({ view }: { view: RelaysView }) {
  const t = useTranslations("adminRelays");
  return (
    <Card>
      <h2 className="text-base font-semibold text-zinc-900">{t("routesTitle")}</h2>
      <p className="mt-0.5 text-sm text-zinc-600">{t("routesDescription")}</p>
      <ul className="mt-3">
        {ROUTABLE_TYPES.map((type) => (
          // A deleted upstream leaves every route on the server: start the rows again from what is saved.
          <RouteRow key={`${type}:${view.upstreams.map((u) => u.id).join(",")}`} type={type} view={view} />
        ))}
      </ul>
    </Card>
  );
}
