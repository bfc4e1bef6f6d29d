"use client";
// Admin "Engines": the engine each separation order type runs (built-in DSP or an installed ONNX
// model), the installed models with their parameters and status (a broken or incompatible file
// shows why), and the catalogue models that can be downloaded.
import { useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { adminEnginesQuery } from "@/components/data/queries";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { Field } from "@/components/ui/field";
import { Select } from "@/components/ui/input";
import { EmptyRow, Table, TBody, Td, Th, THead, Tr } from "@/components/ui/table";
import { type EngineChoice, type EnginesView, SEPARATION_TYPES, type SeparationType } from "@/lib/contracts/engines";
import { useInstallModel, useRemoveModel, useSetEngineDefault } from "./use-engines";

function Defaults({ view }: { view: EnginesView }) {
  const t = useTranslations("adminEngines");
  const tTypes = useTranslations("orders.types");
  const errorText = useErrorText();
  const set = useSetEngineDefault();
  const usable = view.models.filter((m) => !m.error);
  return (
    <Card>
      <h2 className="text-base font-semibold text-zinc-900">{t("defaultsTitle")}</h2>
      <p className="mt-0.5 text-sm text-zinc-600">{t("defaultsDescription")}</p>
      <div className="mt-4 grid gap-4 sm:grid-cols-3">
        {SEPARATION_TYPES.map((type: SeparationType) => (
          <Field key={type} label={tTypes(`${type}.name`)}>
            {(control) => (
              <Select
                {...control}
                className="w-full"
                name={type}
                data-testid={`engine-default-${type}`}
                value={view.defaults[type]}
                disabled={set.isPending}
                onChange={(e) => set.mutate({ type, choice: e.target.value as EngineChoice })}
              >
                <option value="dsp">{t("dsp")}</option>
                {usable.map((m) => (
                  <option key={m.name} value={`onnx:${m.name}`}>
                    {m.name}
                  </option>
                ))}
              </Select>
            )}
          </Field>
        ))}
      </div>
      {set.isSuccess && <Alert tone="success">{t("saved")}</Alert>}
      {set.isError && <Alert>{errorText(set.error.message)}</Alert>}
    </Card>
  );
}

function Installed({ view }: { view: EnginesView }) {
  const t = useTranslations("adminEngines");
  const errorText = useErrorText();
  const remove = useRemoveModel();
  return (
    <section className="space-y-2">
      <h2 className="text-base font-semibold text-zinc-900">{t("installedTitle")}</h2>
      <p className="text-sm text-zinc-600">{t("installedDescription", { dir: view.modelsDir })}</p>
      <Table aria-label={t("installedTitle")}>
        <THead>
          <tr>
            <Th>{t("model")}</Th>
            <Th>{t("parameters")}</Th>
            <Th>{t("status")}</Th>
            <Th />
          </tr>
        </THead>
        <TBody>
          {view.models.length === 0 && <EmptyRow colSpan={4}>{t("none")}</EmptyRow>}
          {view.models.map((m) => (
            <Tr key={m.file} data-testid="engine-model" data-name={m.name}>
              <Td>
                <div className="font-medium">{m.name}</div>
                <div className="text-xs text-zinc-500">
                  {(m.bytes / 1048576).toFixed(1)} MB · {m.hash.slice(0, 8)}
                </div>
              </Td>
              <Td className="text-xs text-zinc-700">
                {m.params ? (
                  <>
                    {t("params", {
                      target: m.params.target,
                      nFft: m.params.nFft,
                      hop: m.params.hop,
                      dimF: m.params.dimF,
                      dimT: m.params.dimT,
                      compensate: m.params.compensate,
                    })}
                    <div className="text-zinc-500">
                      {t(m.paramsSource === "sidecar" ? "fromSidecar" : "fromCatalogue")}
                    </div>
                  </>
                ) : (
                  "—"
                )}
              </Td>
              <Td>
                {m.error ? (
                  <div className="max-w-md space-y-1">
                    <Badge tone="red">{t("unusable")}</Badge>
                    <p className="text-xs text-red-700" data-testid="engine-model-error">
                      {m.error}
                    </p>
                  </div>
                ) : (
                  <Badge tone="green">{t("ready")}</Badge>
                )}
              </Td>
              <Td className="text-right">
                <Button
                  variant="secondary"
                  size="sm"
                  pending={remove.isPending && remove.variables === m.name}
                  onClick={() => remove.mutate(m.name)}
                >
                  {t("remove")}
                </Button>
              </Td>
            </Tr>
          ))}
        </TBody>
      </Table>
      {remove.isError && <Alert>{errorText(remove.error.message)}</Alert>}
    </section>
  );
}

function Catalogue({ view }: { view: EnginesView }) {
  const t = useTranslations("adminEngines");
  const errorText = useErrorText();
  const install = useInstallModel();
  const [name, setName] = useState(view.available[0]?.name ?? "");
  if (view.available.length === 0) return null;
  return (
    <Card>
      <h2 className="text-base font-semibold text-zinc-900">{t("installTitle")}</h2>
      <p className="mt-0.5 text-sm text-zinc-600">{t("installDescription")}</p>
      <div className="mt-4 flex flex-wrap items-end gap-3">
        <Select aria-label={t("model")} value={name} onChange={(e) => setName(e.target.value)} className="min-w-64">
          {view.available.map((a) => (
            <option key={a.name} value={a.name}>
              {a.label}
            </option>
          ))}
        </Select>
        <Button pending={install.isPending} onClick={() => install.mutate(name)}>
          {t("install")}
        </Button>
      </div>
      {install.isPending && <p className="mt-2 text-sm text-zinc-500">{t("installing")}</p>}
      {install.isError && <Alert>{errorText(install.error.message)}</Alert>}
    </Card>
  );
}

export function EnginesAdmin() {
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const q = useQuery(adminEnginesQuery());
  if (q.isError) return <Alert>{errorText(q.error.message)}</Alert>;
  if (!q.data) return <p className="text-sm text-zinc-500">{tc("loading")}</p>;
  return (
    <div className="space-y-6">
      <Defaults view={q.data} />
      <Installed view={q.data} />
      <Catalogue view={q.data} />
    </div>
  );
}
