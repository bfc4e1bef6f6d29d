"use client";
// Admin switches for the Music API: maintenance (new tasks answered with code 455), how many tasks
// one API key may run at once, and how many requests per minute it may make.
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { ApiError, sendJson } from "@/components/data/api";
import { adminSettingsQuery, queryKeys } from "@/components/data/queries";
import { settingsSchema, type MusicSettings } from "@/lib/contracts/music";
import { useErrorText } from "@/components/forms/use-error-text";
import { useFocusFirstInvalid } from "@/components/forms/use-focus-invalid";
import { useZodLocale } from "@/components/forms/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";
import { TextField } from "@/components/ui/field";

type NumberKey = "musicMaxConcurrentPerKey" | "musicRatePerMinute";
const NUMBER_KEYS: NumberKey[] = ["musicMaxConcurrentPerKey", "musicRatePerMinute"];

function SettingsForm({ settings }: { settings: MusicSettings }) {
  useZodLocale();
  const t = useTranslations("adminSettings");
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [maintenance, setMaintenance] = useState(settings.musicMaintenance);
  const [numbers, setNumbers] = useState<Record<NumberKey, string>>({
    musicMaxConcurrentPerKey: String(settings.musicMaxConcurrentPerKey),
    musicRatePerMinute: String(settings.musicRatePerMinute),
  });
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useFocusFirstInvalid(errors);

  const save = useMutation({
    mutationFn: (body: MusicSettings) => sendJson<MusicSettings>("PUT", "/api/admin/settings", body),
    onSuccess: (data) => queryClient.setQueryData(queryKeys.adminSettings(), data),
    onError: (err) => err instanceof ApiError && setErrors(err.fields),
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const next: Record<string, string> = {};
    for (const key of NUMBER_KEYS) if (!/^\d+$/.test(numbers[key].trim())) next[key] = t("positiveWhole");
    const parsed = settingsSchema.safeParse({
      musicMaintenance: maintenance,
      musicMaxConcurrentPerKey: Number(numbers.musicMaxConcurrentPerKey),
      musicRatePerMinute: Number(numbers.musicRatePerMinute),
    });
    if (!parsed.success) for (const issue of parsed.error.issues) next[String(issue.path[0])] ??= t("outOfRange");
    setErrors(next);
    if (Object.keys(next).length || !parsed.success) return;
    save.mutate(parsed.data);
  }

  const showDetail = save.isError && !(save.error instanceof ApiError && Object.keys(save.error.fields).length);
  return (
    <Card>
      <form ref={formRef} noValidate onSubmit={onSubmit} className="space-y-6" aria-label={t("musicTitle")}>
        <div>
          <h2 className="text-base font-semibold text-zinc-900">{t("musicTitle")}</h2>
          <p className="mt-0.5 text-sm text-zinc-600">{t("musicDescription")}</p>
        </div>
        <label className="flex items-start gap-3">
          <input
            type="checkbox"
            role="switch"
            aria-checked={maintenance}
            checked={maintenance}
            onChange={(e) => {
              setMaintenance(e.target.checked);
              save.reset();
            }}
            className="mt-0.5 size-4 accent-accent-600"
          />
          <span>
            <span className="block text-sm font-medium text-zinc-900">{t("maintenance")}</span>
            <span className="block text-xs text-zinc-600">{t("maintenanceHint")}</span>
          </span>
        </label>
        <div className="grid gap-5 sm:grid-cols-2">
          {NUMBER_KEYS.map((key) => (
            <TextField
              key={key}
              label={t(key)}
              name={key}
              type="number"
              inputMode="numeric"
              min={1}
              step={1}
              value={numbers[key]}
              onChange={(e) => {
                setNumbers((n) => ({ ...n, [key]: e.target.value }));
                save.reset();
              }}
              hint={t(`${key}Hint`)}
              error={errorText(errors[key])}
            />
          ))}
        </div>
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

export function MusicSettingsCard() {
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const settings = useQuery(adminSettingsQuery());
  if (settings.isError) return <Alert>{errorText(settings.error)}</Alert>;
  if (!settings.data) return <p className="text-sm text-zinc-500">{tc("loading")}</p>;
  return <SettingsForm settings={settings.data} />;
}
