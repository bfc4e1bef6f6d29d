"use client";
import { useTranslations } from "next-intl";
import { createTeamSchema } from "@/lib/contracts/account";
import { useErrorText } from "@/components/forms/use-error-text";
import { useSchemaForm } from "@/components/forms/use-schema-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useCreateTeam } from "./use-team";

export function CreateTeamForm() {
  const t = useTranslations("team");
  const errorText = useErrorText();
  const form = useSchemaForm({
    schema: createTeamSchema,
    mutation: useCreateTeam(),
    onSuccess: (_team, el) => el.reset(),
  });

  return (
    <form ref={form.formRef} noValidate onSubmit={form.onSubmit} className="space-y-3">
      {form.formError && <Alert>{errorText(form.formError)}</Alert>}
      <div className="flex flex-wrap items-start gap-3">
        <TextField
          label={t("teamName")}
          name="name"
          maxLength={60}
          required
          fieldClassName="min-w-0 flex-1 sm:max-w-sm"
          error={errorText(form.errors.name)}
        />
        <Button type="submit" pending={form.pending} className="mt-7">
          {t("createTeam")}
        </Button>
      </div>
    </form>
  );
}
