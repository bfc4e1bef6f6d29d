"use client";
// Admin settings of the extract-text transcription server: base URL, API key (write-only, kept
// encrypted on the server), model and language hint. Empty fields fall back to TRANSCRIBE_* env.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { type FormEvent, useState } from "react";
import { ApiError, sendJson } from "@/components/data/api";
import { adminTranscribeQuery } from "@/components/data/queries";
import { useErrorText } from "@/components/forms/use-error-text";
import { useFocusFirstInvalid } from "@/components/forms/use-focus-invalid";
import { useZodLocale } from "@/components/forms/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";
import {
  type TranscribeSettingsView,
  type UpdateTranscribeSettings,
  updateTranscribeSettingsSchema,
} from "@/lib/contracts/transcribe";

type Key = "baseUrl" | "model" | "language";
const KEYS: Key[] = ["baseUrl", "model", "language"];

function SettingsForm({ settings }: { settings: TranscribeSettingsView }) {
  useZodLocale();
  const t = useTranslations("adminTranscribe");
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<Record<Key, string>>({
    baseUrl: settings.baseUrl ?? "",
    model: settings.model ?? "",
    language: settings.language ?? "",
  });
  const [apiKey, setApiKey] = useState("");
  const [removeKey, setRemoveKey] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useFocusFirstInvalid(errors);

  const save = useMutation({
    mutationFn: (body: UpdateTranscribeSettings) =>
      sendJson<TranscribeSettingsView>("PUT", "/api/admin/transcribe", body),
    onSuccess: (data) => {
      queryClient.setQueryData(adminTranscribeQuery().queryKey, data);
      setApiKey("");
      setRemoveKey(false);
    },
    onError: (err) => err instanceof ApiError && setErrors(err.fields),
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const body = {
      baseUrl: values.baseUrl.trim() || null,
      model: values.model.trim() || null,
      language: values.language.trim() || null,
      ...(removeKey ? { apiKey: null } : apiKey.trim() ? { apiKey: apiKey.trim() } : {}),
    };
    const parsed = updateTranscribeSettingsSchema.safeParse(body);
    const next: Record<string, string> = {};
    if (!parsed.success)
      for (const issue of parsed.error.issues)
        next[String(issue.path[0])] ??= t(`invalid.${String(issue.path[0])}` as "invalid.baseUrl");
    setErrors(next);
    if (!parsed.success) return;
    save.mutate(parsed.data);
  }

  const eff = settings.effective;
  const hints: Record<Key, string> = {
    baseUrl: t("baseUrlHint", { value: eff.baseUrl ?? t("none") }),
    model: t("modelHint", { value: eff.model }),
    language: t("languageHint", { value: eff.language ?? t("auto") }),
  };
  const showDetail = save.isError && !(save.error instanceof ApiError && Object.keys(save.error.fields).length);
  return (
    <Card>
      <form ref={formRef} noValidate onSubmit={onSubmit} className="space-y-6" aria-label={t("title")}>
        <div>
          <h2 className="text-base font-semibold text-zinc-900">{t("title")}</h2>
          <p className="mt-0.5 text-sm text-zinc-600">{t("description", { engines: eff.engines.join(" → ") })}</p>
        </div>
        <div className="grid gap-5 sm:grid-cols-2">
          {KEYS.map((key) => (
            <TextField
              key={key}
              label={t(key)}
              name={key}
              type={key === "baseUrl" ? "url" : "text"}
              placeholder={key === "baseUrl" ? "http://127.0.0.1:8080/v1" : undefined}
              value={values[key]}
              onChange={(e) => {
                setValues((v) => ({ ...v, [key]: e.target.value }));
                save.reset();
              }}
              hint={hints[key]}
              error={errorText(errors[key])}
            />
          ))}
          <TextField
            label={t("apiKey")}
            name="apiKey"
            type="password"
            autoComplete="off"
            value={apiKey}
            disabled={removeKey}
            onChange={(e) => {
              setApiKey(e.target.value);
              save.reset();
            }}
            hint={settings.apiKeySet ? t("apiKeySaved", { hint: settings.apiKeyHint ?? "" }) : t("apiKeyHint")}
            error={errorText(errors.apiKey)}
          />
        </div>
        {settings.apiKeySet && (
          <label className="flex items-center gap-3 text-sm text-zinc-900">
            <input
              type="checkbox"
              checked={removeKey}
              onChange={(e) => {
                setRemoveKey(e.target.checked);
                save.reset();
              }}
              className="size-4 accent-accent-600"
            />
            {t("removeKey")}
          </label>
        )}
        {save.isSuccess && <Alert tone="success">{t("saved")}</Alert>}
        {showDetail && <Alert>{errorText(save.error)}</Alert>}
        <div className="flex justify-end">
          <Button type="submit" pending={save.isPending}>
            {t("save")}
          </Button>
        </div>
      </form>
    </Card>
  );
}

export function TranscribeSettingsCard() {
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const settings = useQuery(adminTranscribeQuery());
  if (settings.isError) return <Alert>{errorText(settings.error)}</Alert>;
  if (!settings.data) return <p className="text-sm text-zinc-500">{tc("loading")}</p>;
  return <SettingsForm settings={settings.data} />;
}
