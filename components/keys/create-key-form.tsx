"use client";
import { useTranslations } from "next-intl";
import { createApiKeySchema } from "@/lib/contracts/account";
import { useErrorText } from "@/components/forms/use-error-text";
import { useSchemaForm } from "@/components/forms/use-schema-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import { useCreateKey } from "./use-keys";

/** A date picked in the form means "usable through the end of that day" in the user's zone. */
function endOfDay(date: string): string {
  return new Date(`${date}T23:59:59`).toISOString();
}

export function CreateKeyForm({ onCreated }: { onCreated: (secret: string) => void }) {
  const t = useTranslations("keys");
  const errorText = useErrorText();
  const form = useSchemaForm({
    schema: createApiKeySchema,
    values: (data) => {
      const expires = String(data.get("expiresAt") ?? "");
      return { name: data.get("name"), expiresAt: expires ? endOfDay(expires) : null };
    },
    mutation: useCreateKey(),
    onSuccess: (res, el) => {
      el.reset();
      onCreated(res.key);
    },
  });

  return (
    <form ref={form.formRef} noValidate onSubmit={form.onSubmit} className="space-y-4">
      {form.formError && <Alert>{errorText(form.formError)}</Alert>}
      <div className="grid gap-4 sm:grid-cols-[1fr_14rem_auto] sm:items-start">
        <TextField
          label={t("name")}
          name="name"
          placeholder={t("namePlaceholder")}
          maxLength={60}
          required
          error={errorText(form.errors.name)}
        />
        <TextField
          label={t("expiry")}
          name="expiresAt"
          type="date"
          hint={t("expiryHint")}
          error={errorText(form.errors.expiresAt)}
        />
        <Button type="submit" pending={form.pending} className="sm:mt-7">
          {t("create")}
        </Button>
      </div>
    </form>
  );
}
