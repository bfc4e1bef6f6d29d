"use client";
import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { useRouter } from "next/navigation";
import { useState, type FormEvent } from "react";
import { createDraftSchema } from "@/lib/contracts/drafts";
import { ApiError, sendJson } from "@/components/data/api";
import { queryKeys } from "@/components/data/queries";
import type { DraftSummary } from "@/components/data/types";
import { fieldErrors } from "@/components/forms/field-errors";
import { useErrorText } from "@/components/forms/use-error-text";
import { useFocusFirstInvalid } from "@/components/forms/use-focus-invalid";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { TextField } from "@/components/ui/field";

const toInt = (v: FormDataEntryValue | null) => (v === null || String(v).trim() === "" ? undefined : Number(v));

export function CreateDraftForm() {
  const t = useTranslations("drafts");
  const errorText = useErrorText();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const formRef = useFocusFirstInvalid(errors);
  const create = useMutation({
    mutationFn: (input: { width: number; height: number }) => sendJson<DraftSummary>("POST", "/api/drafts", input),
    onSuccess: (draft) => {
      void queryClient.invalidateQueries({ queryKey: queryKeys.drafts() });
      router.push(`/drafts/${draft.id}`);
    },
    onError: (err) => err instanceof ApiError && setErrors(err.fields),
  });

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    const data = new FormData(e.currentTarget);
    const parsed = createDraftSchema.safeParse({ width: toInt(data.get("width")), height: toInt(data.get("height")) });
    if (!parsed.success) return setErrors(fieldErrors(parsed.error));
    setErrors({});
    create.mutate(parsed.data);
  }

  const showDetail = create.error && !(create.error instanceof ApiError && Object.keys(create.error.fields).length);

  return (
    <form ref={formRef} noValidate onSubmit={onSubmit} className="space-y-4">
      {showDetail && <Alert>{errorText(create.error?.message)}</Alert>}
      <div className="grid gap-4 sm:grid-cols-[10rem_10rem_auto] sm:items-start">
        <TextField label={t("width")} name="width" type="number" inputMode="numeric" min={1} max={8192} step={1} defaultValue={1920} error={errors.width && t("sizeInvalid")} />
        <TextField label={t("height")} name="height" type="number" inputMode="numeric" min={1} max={8192} step={1} defaultValue={1080} error={errors.height && t("sizeInvalid")} />
        <Button type="submit" pending={create.isPending} className="sm:mt-7 sm:justify-self-start">
          {t("create")}
        </Button>
      </div>
      <p className="text-xs text-zinc-500">{t("sizeHint")}</p>
    </form>
  );
}
