"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useState, type FormEvent } from "react";
import { createApiKeySchema } from "@/lib/contracts/account";
import { ApiError, sendJson } from "@/components/data/api";
import { queryKeys } from "@/components/data/queries";
import type { ApiKey } from "@/components/data/types";
import { fieldErrors } from "@/components/forms/field-errors";
import { useErrorText } from "@/components/forms/use-error-text";
import { useFocusFirstInvalid } from "@/components/forms/use-focus-invalid";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

/** A date picked in the form means "usable through the end of that day" in the user's zone. */
function endOfDay(date: string): string {
  return new Date(`${date}T23:59:59`).toISOString();
}

export function CreateKeyForm({ onCreated }: { onCreated: (secret: string) => void }) {
  const t = useTranslations("keys");
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useFocusFirstInvalid(errors);
  const create = useMutation({
    mutationFn: (input: { name: string; expiresAt: string | null }) =>
      sendJson<{ key: string; apiKey: ApiKey }>("POST", "/api/keys", input),
    onSuccess: (res) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.keys() });
      onCreated(res.key);
    },
    onError: (err) => err instanceof ApiError && setErrors(err.fields),
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const data = new FormData(form);
    const expires = String(data.get("expiresAt") ?? "");
    const parsed = createApiKeySchema.safeParse({ name: data.get("name"), expiresAt: expires ? endOfDay(expires) : null });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    create.mutate({ name: parsed.data.name, expiresAt: parsed.data.expiresAt ?? null }, { onSuccess: () => form.reset() });
  }

  const showDetail = create.error && !(create.error instanceof ApiError && Object.keys(create.error.fields).length);

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} className="space-y-4">
      {showDetail && <Alert>{errorText(create.error?.message)}</Alert>}
      <div className="grid gap-4 sm:grid-cols-[1fr_14rem_auto] sm:items-start">
        <TextField label={t("name")} name="name" placeholder={t("namePlaceholder")} maxLength={60} required error={errorText(errors.name)} />
        <TextField label={t("expiry")} name="expiresAt" type="date" hint={t("expiryHint")} error={errorText(errors.expiresAt)} />
        <Button type="submit" pending={create.isPending} className="sm:mt-7">
          {t("create")}
        </Button>
      </div>
    </form>
  );
}
