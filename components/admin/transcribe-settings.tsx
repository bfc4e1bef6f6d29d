"use client";
// Admin settings of the extract-text transcription server: base URL, API key (write-only, kept
// encrypted on the server), model and language hint. Empty fields fall back to TRANSCRIBE_* env.
import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { sendJson } from "@/components/data/api";
import { adminTranscribeQuery } from "@/components/data/queries";
import { useErrorText } from "@/components/forms/use-error-text";
import { TextField } from "@/components/ui/field";
import {
  type TranscribeSettingsView,
  type UpdateTranscribeSettings,
  updateTranscribeSettingsSchema,
} from "@/lib/contracts/transcribe";
import { SettingsFormFrame, SettingsLoader, useSettingsSave } from "./settings-form";

type Key = "baseUrl" | "model" | "language";
const KEYS: Key[] = ["baseUrl", "model", "language"];

function SettingsForm({ settings }: { settings: TranscribeSettingsView }) {
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
  const { save, errors, setErrors } = useSettingsSave(
    (body: UpdateTranscribeSettings) => sendJson<TranscribeSettingsView>("PUT", "/api/admin/transcribe", body),
    (data) => {
      queryClient.setQueryData(adminTranscribeQuery().queryKey, data);
      setApiKey("");
      setRemoveKey(false);
    },
  );

  function onSubmit() {
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
  return (
    <SettingsFormFrame
      title={t("title")}
      description={t("description", { engines: eff.engines.join(" → ") })}
      errors={errors}
      save={save}
      onSubmit={onSubmit}
      saveLabel={t("save")}
      savedText={t("saved")}
    >
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
    </SettingsFormFrame>
  );
}

export function TranscribeSettingsCard() {
  return <SettingsLoader query={adminTranscribeQuery()} render={(s) => <SettingsForm settings={s} />} />;
}
