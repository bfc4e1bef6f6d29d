"use client";
// Change one's own password: the current one is required; the server ends every other session.
import { useMutation } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { changePasswordSchema } from "@/lib/contracts/credits";
import { PASSWORD_MIN } from "@/lib/contracts/account-limits";
import { sendJson } from "@/components/data/api";
import { useErrorText } from "@/components/forms/use-error-text";
import { useSchemaForm } from "@/components/forms/use-schema-form";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";
import type { ChangePasswordInput } from "@/lib/contracts/credits";

// The server's own messages for this form, in the person's language.
const OWN_MESSAGES = {
  "The current password is not right": "wrongCurrent",
  "Choose a password different from the current one": "samePassword",
} as const;

export function ChangePasswordForm() {
  const t = useTranslations("credits.account");
  const errorText = useErrorText();
  const text = (error: string | Error | undefined) => {
    const message = error instanceof Error ? error.message : error;
    return message && message in OWN_MESSAGES
      ? t(OWN_MESSAGES[message as keyof typeof OWN_MESSAGES])
      : errorText(error);
  };
  const change = useMutation({
    mutationFn: (body: ChangePasswordInput) =>
      sendJson<{ otherSessionsEnded: number }>("POST", "/api/me/password", body),
  });
  const form = useSchemaForm({
    schema: changePasswordSchema,
    mutation: change,
    onSuccess: (_result, el) => el.reset(),
  });
  return (
    <form ref={form.formRef} noValidate onSubmit={form.onSubmit} className="max-w-md space-y-4">
      {form.formError && <Alert>{text(form.formError)}</Alert>}
      <TextField
        label={t("currentPassword")}
        name="currentPassword"
        type="password"
        autoComplete="current-password"
        required
        error={text(form.errors.currentPassword)}
      />
      <TextField
        label={t("newPassword")}
        name="newPassword"
        type="password"
        autoComplete="new-password"
        required
        hint={t("newPasswordHint", { min: PASSWORD_MIN })}
        error={text(form.errors.newPassword)}
      />
      {change.isSuccess && <Alert tone="success">{t("changed")}</Alert>}
      <Button type="submit" pending={form.pending}>
        {t("save")}
      </Button>
    </form>
  );
}
