"use client";
// The frame every admin settings card shares: a titled form with field errors focused on submit,
// the save mutation (server field errors shown beside their fields, other errors below), a saved
// notice and the Save button; and the loader that shows it once its settings have arrived.
import { type UseQueryOptions, useMutation, useQuery } from "@tanstack/react-query";
import { useTranslations } from "next-intl";
import { type FormEvent, type ReactNode, useState } from "react";
import { ApiError } from "@/components/data/api";
import { useErrorText } from "@/components/forms/use-error-text";
import { useFocusFirstInvalid } from "@/components/forms/use-focus-invalid";
import { useZodLocale } from "@/components/forms/use-zod-locale";
import { Alert } from "@/components/ui/alert";
import { Button } from "@/components/ui/button";
import { Card } from "@/components/ui/card";

/** The save mutation of a settings form and its field errors (client-side ones set with setErrors). */
export function useSettingsSave<Body, Result>(send: (body: Body) => Promise<Result>, onSaved: (data: Result) => void) {
  useZodLocale();
  const [errors, setErrors] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: send,
    onSuccess: onSaved,
    onError: (err) => err instanceof ApiError && setErrors(err.fields),
  });
  return { save, errors, setErrors };
}

export function SettingsFormFrame({
  title,
  description,
  errors,
  save,
  onSubmit,
  children,
  saveLabel,
  savedText,
}: {
  title: string;
  /** The button's and the notice's words; "Save settings" / "Settings saved." when not given. */
  saveLabel?: string;
  savedText?: string;
  description: ReactNode;
  errors: Record<string, string>;
  save: { isPending: boolean; isSuccess: boolean; isError: boolean; error: Error | null };
  onSubmit: () => void;
  children: ReactNode;
}) {
  const t = useTranslations("adminSettings");
  const errorText = useErrorText();
  const formRef = useFocusFirstInvalid(errors);
  const showDetail = save.isError && !(save.error instanceof ApiError && Object.keys(save.error.fields).length);
  return (
    <Card>
      <form
        ref={formRef}
        noValidate
        onSubmit={(e: FormEvent<HTMLFormElement>) => {
          e.preventDefault();
          onSubmit();
        }}
        className="space-y-6"
        aria-label={title}
      >
        <div>
          <h2 className="text-base font-semibold text-zinc-900">{title}</h2>
          <p className="mt-0.5 text-sm text-zinc-600">{description}</p>
        </div>
        {children}
        {save.isSuccess && <Alert tone="success">{savedText ?? t("saved")}</Alert>}
        {showDetail && <Alert>{errorText(save.error)}</Alert>}
        <div className="flex justify-end">
          <Button type="submit" pending={save.isPending}>
            {saveLabel ?? t("save")}
          </Button>
        </div>
      </form>
    </Card>
  );
}

/** Shows `render(settings)` once the query has answered; loading and error states meanwhile. */
export function SettingsLoader<T>({
  query,
  render,
}: {
  // biome-ignore lint/suspicious/noExplicitAny: the query key's type is the caller's
  query: UseQueryOptions<T, Error, T, any>;
  render: (settings: T) => ReactNode;
}) {
  const tc = useTranslations("common");
  const errorText = useErrorText();
  const settings = useQuery(query);
  if (settings.isError) return <Alert>{errorText(settings.error)}</Alert>;
  if (!settings.data) return <p className="text-sm text-zinc-500">{tc("loading")}</p>;
  return render(settings.data);
}
