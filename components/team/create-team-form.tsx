"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createTeamSchema } from "@/lib/contracts/account";
import { ApiError, sendJson } from "@/components/data/api";
import { fieldErrors } from "@/components/forms/field-errors";
import { useErrorText } from "@/components/forms/use-error-text";
import { useFocusFirstInvalid } from "@/components/forms/use-focus-invalid";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

export function CreateTeamForm() {
  const t = useTranslations("team");
  const errorText = useErrorText();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useFocusFirstInvalid(errors);
  const create = useMutation({
    mutationFn: (name: string) => sendJson<{ team: { id: string; name: string } }>("POST", "/api/teams", { name }),
    onSuccess: async () => {
      // The new team becomes the current one: everything team-scoped is stale.
      await queryClient.invalidateQueries();
      router.refresh();
    },
    onError: (err) => err instanceof ApiError && setErrors(err.fields),
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const form = e.currentTarget;
    const parsed = createTeamSchema.safeParse({ name: new FormData(form).get("name") });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    create.mutate(parsed.data.name, { onSuccess: () => form.reset() });
  }

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} className="space-y-3">
      {create.isError && !(create.error instanceof ApiError && Object.keys(create.error.fields).length) && (
        <Alert>{errorText(create.error.message)}</Alert>
      )}
      <div className="flex flex-wrap items-start gap-3">
        <TextField label={t("teamName")} name="name" maxLength={60} required fieldClassName="min-w-0 flex-1 sm:max-w-sm" error={errorText(errors.name)} />
        <Button type="submit" pending={create.isPending} className="mt-7">
          {t("createTeam")}
        </Button>
      </div>
    </form>
  );
}
