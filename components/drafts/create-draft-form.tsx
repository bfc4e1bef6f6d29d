"use client";
// A new draft: its name (JianYing's draft_name) and canvas, chosen from the presets creators use
// (9:16 by default) or a custom width × height.
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState } from "react";
import { createDraftSchema } from "@/lib/contracts/drafts";
import { useErrorText } from "@/components/forms/use-error-text";
import { useSchemaForm } from "@/components/forms/use-schema-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { cx } from "@/components/ui/cx";
import { TextField } from "@/components/ui/field";
import { useCreateDraft } from "./use-drafts";

const toInt = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === "" ? undefined : Number(v));

/** Canvas presets: [key, width, height]. */
export const CANVAS_PRESETS = [
  ["portrait", 1080, 1920],
  ["landscape", 1920, 1080],
  ["square", 1080, 1080],
] as const;
type Preset = (typeof CANVAS_PRESETS)[number][0] | "custom";

export function CreateDraftForm() {
  const t = useTranslations("drafts");
  const tf = useTranslations("files.drafts");
  const errorText = useErrorText();
  const router = useRouter();
  const [preset, setPreset] = useState<Preset>("portrait");
  const form = useSchemaForm({
    schema: createDraftSchema,
    values: (data) => {
      const chosen = CANVAS_PRESETS.find(([key]) => key === preset);
      const name = String(data.get("name") ?? "").trim();
      return {
        width: chosen ? chosen[1] : toInt(data.get("width")),
        height: chosen ? chosen[2] : toInt(data.get("height")),
        ...(name ? { name } : {}),
      };
    },
    mutation: useCreateDraft(),
    onSuccess: (draft) => router.push(`/drafts/${draft.id}`),
  });

  return (
    <form ref={form.formRef} noValidate onSubmit={form.onSubmit} className="space-y-4">
      {form.formError && <Alert>{errorText(form.formError)}</Alert>}
      <TextField
        label={tf("name")}
        name="name"
        maxLength={100}
        placeholder={tf("namePlaceholder")}
        error={form.errors.name}
        fieldClassName="max-w-md"
      />
      <fieldset>
        <legend className="text-sm font-medium text-zinc-800">{tf("canvas")}</legend>
        <div className="mt-2 flex flex-wrap gap-2">
          {([...CANVAS_PRESETS.map(([key]) => key), "custom"] as Preset[]).map((key) => (
            <label
              key={key}
              className={cx(
                "cursor-pointer rounded-md border px-3 py-2 text-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent-500",
                preset === key
                  ? "border-accent-500 bg-accent-50 font-medium text-accent-700"
                  : "border-zinc-300 bg-white text-zinc-700",
              )}
            >
              <input
                type="radio"
                name="preset"
                value={key}
                checked={preset === key}
                onChange={() => setPreset(key)}
                className="sr-only"
              />
              {tf(`presets.${key}`)}
            </label>
          ))}
        </div>
      </fieldset>
      {preset === "custom" && (
        <div className="grid gap-4 sm:grid-cols-[10rem_10rem]">
          <TextField
            label={t("width")}
            name="width"
            type="number"
            inputMode="numeric"
            min={1}
            max={8192}
            step={1}
            defaultValue={1080}
            error={form.errors.width && t("sizeInvalid")}
          />
          <TextField
            label={t("height")}
            name="height"
            type="number"
            inputMode="numeric"
            min={1}
            max={8192}
            step={1}
            defaultValue={1920}
            error={form.errors.height && t("sizeInvalid")}
          />
        </div>
      )}
      <Button type="submit" pending={form.pending}>
        {t("create")}
      </Button>
    </form>
  );
}
