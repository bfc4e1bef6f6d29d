"use client";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { createDraftSchema } from "@/lib/contracts/drafts";
import { useErrorText } from "@/components/forms/use-error-text";
import { useSchemaForm } from "@/components/forms/use-schema-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useCreateDraft } from "./use-drafts";

const toInt = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === "" ? undefined : Number(v));

export function CreateDraftForm() {
  const t = useTranslations("drafts");
  const errorText = useErrorText();
  const router = useRouter();
  const form = useSchemaForm({
    schema: createDraftSchema,
    values: (data) => ({ width: toInt(data.get("width")), height: toInt(data.get("height")) }),
    mutation: useCreateDraft(),
    onSuccess: (draft) => router.push(`/drafts/${draft.id}`),
  });

  return (
    <form ref={form.formRef} noValidate onSubmit={form.onSubmit} className="space-y-4">
      {form.formError && <Alert>{errorText(form.formError)}</Alert>}
      <div className="grid gap-4 sm:grid-cols-[10rem_10rem_auto] sm:items-start">
        <TextField
          label={t("width")}
          name="width"
          type="number"
          inputMode="numeric"
          min={1}
          max={8192}
          step={1}
          defaultValue={1920}
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
          defaultValue={1080}
          error={form.errors.height && t("sizeInvalid")}
        />
        <Button type="submit" pending={form.pending} className="sm:mt-7 sm:justify-self-start">
          {t("create")}
        </Button>
      </div>
      <p className="text-xs text-zinc-500">{t("sizeHint")}</p>
    </form>
  );
}
