"use client";
// Add or edit an upstream. The key field is write-only: the stored key is never sent to the
// browser, so editing shows its hint and an empty field that replaces the key only when filled.
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { ApiError } from "@/components/data/api";
import { useErrorText } from "@/components/forms/use-error-text";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Dialog } from "@/components/ui/dialog";
import { Field, TextField } from "@/components/ui/field";
import { Input, Select } from "@/components/ui/input";
import { KIND_SERVES, type RoutableType, type UpstreamView } from "@/lib/contracts/relays";
import { UPSTREAM_KINDS, type UpstreamKind } from "@/lib/relays/types";
import { type UpstreamInput, useCreateUpstream, useUpdateUpstream } from "./use-relays";

type Props = {
  open: boolean;
  onClose: () => void;
  editing: UpstreamView | null;
  prices: Partial<Record<RoutableType, number>>;
};

export function UpstreamForm({ open, onClose, editing, prices }: Props) {
  // A fresh form every time it opens (an earlier, finished add must not be shown again).
  const key = `${editing?.id ?? "new"}:${open}`;
  return <UpstreamDialog key={key} open={open} onClose={onClose} editing={editing} prices={prices} />;
}

function UpstreamDialog({ open, onClose, editing, prices }: Props) {
  const t = useTranslations("adminRelays");
  const tTypes = useTranslations("orders.types");
  const errorText = useErrorText();
  const create = useCreateUpstream();
  const update = useUpdateUpstream();
  const mutation = editing ? update : create;
  const [kind, setKind] = useState<UpstreamKind>(editing?.kind ?? "yinzi");
  const [name, setName] = useState(editing?.name ?? "");
  const [baseUrl, setBaseUrl] = useState(editing?.baseUrl ?? "");
  const [apiKey, setApiKey] = useState("");
  const [model, setModel] = useState(editing?.model ?? "");
  const [enabled, setEnabled] = useState(editing?.enabled ?? true);
  const [costs, setCosts] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(editing?.costs ?? {}).map(([k, v]) => [k, String(v)])),
  );
  const fields = mutation.error instanceof ApiError ? mutation.error.fields : {};
  const served = KIND_SERVES[kind];

  function submit(e: FormEvent) {
    e.preventDefault();
    const costNumbers = Object.fromEntries(
      served.filter((ty) => costs[ty]?.trim()).map((ty) => [ty, Number(costs[ty])]),
    ) as Partial<Record<RoutableType, number>>;
    const body: UpstreamInput = {
      name: name.trim(),
      baseUrl: baseUrl.trim(),
      costs: costNumbers,
      ...(model.trim() ? { model: model.trim() } : {}),
      ...(apiKey.trim() ? { apiKey: apiKey.trim() } : {}),
    };
    const done = { onSuccess: onClose };
    if (editing) update.mutate({ id: editing.id, ...body, enabled }, done);
    else create.mutate({ ...body, kind }, done);
  }

  return (
    <Dialog
      open={open}
      onClose={onClose}
      title={editing ? t("editTitle", { name: editing.name }) : t("addTitle")}
      description={t("formDescription")}
    >
      <form onSubmit={submit} className="space-y-4" data-testid="upstream-form" noValidate>
        <Field label={t("kind")} hint={t(`kindHint.${kind}`)}>
          {(control) => (
            <Select
              {...control}
              name="kind"
              className="w-full"
              value={kind}
              disabled={!!editing}
              onChange={(e) => setKind(e.target.value as UpstreamKind)}
            >
              {UPSTREAM_KINDS.map((k) => (
                <option key={k} value={k}>
                  {t(`kinds.${k}`)}
                </option>
              ))}
            </Select>
          )}
        </Field>
        <TextField
          label={t("name")}
          name="name"
          required
          maxLength={60}
          value={name}
          onChange={(e) => setName(e.target.value)}
          error={fields.name && errorText(fields.name)}
        />
        <TextField
          label={t("baseUrl")}
          name="baseUrl"
          type="url"
          required
          placeholder="https://"
          value={baseUrl}
          onChange={(e) => setBaseUrl(e.target.value)}
          error={fields.baseUrl && errorText(fields.baseUrl)}
        />
        <TextField
          label={t("apiKey")}
          name="apiKey"
          type="password"
          autoComplete="off"
          required={!editing}
          value={apiKey}
          onChange={(e) => setApiKey(e.target.value)}
          hint={editing ? t("apiKeyKeep", { hint: editing.keyHint }) : t("apiKeyHint")}
          error={fields.apiKey && errorText(fields.apiKey)}
        />
        {kind === "openai-transcribe" && (
          <TextField
            label={t("model")}
            name="model"
            placeholder="whisper-1"
            value={model}
            onChange={(e) => setModel(e.target.value)}
            error={fields.model && errorText(fields.model)}
          />
        )}
        <fieldset className="space-y-2">
          <legend className="text-sm font-medium text-zinc-800">{t("costsTitle")}</legend>
          <p className="text-xs text-zinc-500">{t("costsHint")}</p>
          <div className="grid gap-2 sm:grid-cols-2">
            {served.map((ty) => (
              <Field
                key={ty}
                label={
                  <>
                    {tTypes(`${ty}.name`)}{" "}
                    <span className="text-xs font-normal text-zinc-500">
                      {t("priceIs", { price: prices[ty] ?? "—" })}
                    </span>
                  </>
                }
                error={fields[`costs.${ty}`] && errorText(fields[`costs.${ty}`])}
              >
                {(control) => (
                  <Input
                    {...control}
                    type="number"
                    min={0}
                    step="any"
                    name={`cost-${ty}`}
                    className="w-full tabular-nums"
                    value={costs[ty] ?? ""}
                    onChange={(e) => setCosts((c) => ({ ...c, [ty]: e.target.value }))}
                  />
                )}
              </Field>
            ))}
          </div>
        </fieldset>
        {editing && (
          <label className="flex items-center gap-2 text-sm text-zinc-800">
            <input type="checkbox" checked={enabled} onChange={(e) => setEnabled(e.target.checked)} />
            {t("enabledLabel")}
          </label>
        )}
        {mutation.isError && <Alert>{errorText(mutation.error.message)}</Alert>}
        <div className="flex justify-end gap-2">
          <Button type="button" variant="secondary" onClick={onClose}>
            {t("cancel")}
          </Button>
          <Button type="submit" pending={mutation.isPending}>
            {editing ? t("save") : t("add")}
          </Button>
        </div>
      </form>
    </Dialog>
  );
}
