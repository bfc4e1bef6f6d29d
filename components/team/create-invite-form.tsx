"use client";
import { useTranslations } from "next-intl";
import { createInviteSchema, INVITE_MAX_USES } from "@/lib/contracts/account";
import { useErrorText } from "@/components/forms/use-error-text";
import { useSchemaForm } from "@/components/forms/use-schema-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useCreateInvite } from "./use-team";

/** A blank number box means "the default", which the schema fills in. */
function whole(data: FormData, name: string): number | undefined {
  const raw = String(data.get(name) ?? "").trim();
  return raw === "" ? undefined : Number(raw);
}

export function CreateInviteForm({ onCreated }: { onCreated: (url: string) => void }) {
  const t = useTranslations("team");
  const errorText = useErrorText();
  const form = useSchemaForm({
    schema: createInviteSchema,
    values: (data) => ({ days: whole(data, "days"), maxUses: whole(data, "maxUses") }),
    mutation: useCreateInvite(),
    onSuccess: (res) => onCreated(res.url),
  });

  return (
    <>
      <form ref={form.formRef} noValidate onSubmit={form.onSubmit} className="flex flex-wrap items-start gap-3">
        <TextField
          label={t("days")}
          name="days"
          type="number"
          inputMode="numeric"
          min={1}
          max={30}
          defaultValue={7}
          fieldClassName="w-32"
          error={errorText(form.errors.days)}
        />
        <TextField
          label={t("maxUses")}
          name="maxUses"
          type="number"
          inputMode="numeric"
          min={1}
          max={INVITE_MAX_USES}
          defaultValue={1}
          fieldClassName="w-40"
          error={errorText(form.errors.maxUses)}
        />
        <Button type="submit" pending={form.pending} className="mt-7">
          {t("createInvite")}
        </Button>
      </form>
      {form.formError && <Alert className="mt-3">{errorText(form.formError)}</Alert>}
    </>
  );
}
