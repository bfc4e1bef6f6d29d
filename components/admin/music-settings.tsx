"use client";
// Admin switches for the Music API: maintenance (new tasks answered with code 455), how many tasks
// one API key may run at once, and how many requests per minute it may make.
import { useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState } from "react";
import { sendJson } from "@/components/data/api";
import { adminSettingsQuery, queryKeys } from "@/components/data/queries";
import { useErrorText } from "@/components/forms/use-error-text";
import { TextField } from "@/components/ui/field";
import { type MusicSettings, settingsSchema } from "@/lib/contracts/music";
import { SettingsFormFrame, SettingsLoader, useSettingsSave } from "./settings-form";

type NumberKey = "musicMaxConcurrentPerKey" | "musicRatePerMinute";
const NUMBER_KEYS: NumberKey[] = ["musicMaxConcurrentPerKey", "musicRatePerMinute"];

function SettingsForm({ settings }: { settings: MusicSettings }) {
  const t = useTranslations("adminSettings");
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [maintenance, setMaintenance] = useState(settings.musicMaintenance);
  const [numbers, setNumbers] = useState<Record<NumberKey, string>>({
    musicMaxConcurrentPerKey: String(settings.musicMaxConcurrentPerKey),
    musicRatePerMinute: String(settings.musicRatePerMinute),
  });
  const { save, errors, setErrors } = useSettingsSave(
    (body: MusicSettings) => sendJson<MusicSettings>("PUT", "/api/admin/settings", body),
    (data) => queryClient.setQueryData(queryKeys.adminSettings(), data),
  );

  function onSubmit() {
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

  return (
    <SettingsFormFrame
      title={t("musicTitle")}
      description={t("musicDescription")}
      errors={errors}
      save={save}
      onSubmit={onSubmit}
    >
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
    </SettingsFormFrame>
  );
}

export function MusicSettingsCard() {
  return <SettingsLoader query={adminSettingsQuery()} render={(s) => <SettingsForm settings={s} />} />;
}
